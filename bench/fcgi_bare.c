/*
 * fcgi_bare.c — the limit for the program's fresh public answer: the
 * smallest libfcgi program that answers every request with the same bytes
 * (a file read at start) and the same headers as the public handlers, and
 * keeps the FastCGI connection open when nginx asks (FCGI_KEEP_CONN,
 * upstream keepalive + fastcgi_keep_conn on).  Not part of the product.
 *
 *   fcgi_bare SOCKET PROCESSES CONTENT-TYPE FILE
 *
 * Listens on the unix socket SOCKET with PROCESSES processes.  Each polls
 * its open connections (up to 64) and the non-blocking listening socket and
 * answers one request per ready connection in turn, so an idle kept
 * connection never holds a process (bench/public.sh).  No parsing, no log,
 * no database: only libfcgi.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#define CONNS	64

int
main(int argc, char *argv[])
{
	FCGX_Request	 c[CONNS];
	struct pollfd	 pfd[CONNS + 1];
	int		 who[CONNS + 1];
	FILE		*f;
	char		*body, head[512];
	long		 len;
	int		 fd, n, i, k, m, hlen;

	if (argc != 5 || (n = atoi(argv[2])) < 1 || n > 64) {
		fprintf(stderr, "usage: fcgi_bare SOCKET PROCESSES CONTENT-TYPE FILE\n");
		return 2;
	}
	if ((f = fopen(argv[4], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (body = malloc((size_t)len + 1)) == NULL ||
	    fread(body, 1, (size_t)len, f) != (size_t)len) {
		perror(argv[4]);
		return 1;
	}
	fclose(f);
	hlen = snprintf(head, sizeof(head), "Status: 200 OK\r\nContent-Type: %s\r\n"
	    "Cache-Control: public, max-age=5\r\nETag: \"bench\"\r\n"
	    "Access-Control-Allow-Origin: *\r\nContent-Length: %ld\r\n\r\n",
	    argv[3], len);
	unlink(argv[1]);
	if (FCGX_Init() != 0 || (fd = FCGX_OpenSocket(argv[1], 1024)) < 0 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) {
		fprintf(stderr, "cannot listen on %s\n", argv[1]);
		return 1;
	}
	for (i = 1; i < n; i++)
		if (fork() == 0)
			break;
	for (i = 0; i < CONNS; i++)
		FCGX_InitRequest(&c[i], fd, 0);
	for (;;) {
		m = 0;
		for (i = 0; i < CONNS; i++)
			if (c[i].ipcFd >= 0) {
				pfd[m].fd = c[i].ipcFd;
				pfd[m].events = POLLIN;
				who[m++] = i;
			}
		if (m < CONNS) {
			pfd[m].fd = fd;
			pfd[m].events = POLLIN;
			who[m++] = -1;
		}
		/* A signal (the benchmark stopping it) ends it. */
		if (poll(pfd, (nfds_t)m, -1) < 0)
			return errno == EINTR ? 0 : 1;
		for (k = 0; k < m; k++) {
			if (pfd[k].revents == 0)
				continue;
			if ((i = who[k]) < 0)
				for (i = 0; i < CONNS && c[i].ipcFd >= 0; i++)
					;
			if (i == CONNS || FCGX_Accept_r(&c[i]) < 0)
				continue;
			FCGX_PutStr(head, hlen, c[i].out);
			FCGX_PutStr(body, (int)len, c[i].out);
			FCGX_Finish_r(&c[i]);
		}
	}
}
