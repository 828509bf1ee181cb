/* share.c — placeholder */
