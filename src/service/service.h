/*
 * service.h — the conventions of the service layer, which every service
 * header includes (campaign.h, order.h, product.h, grant.h).
 *
 * The service layer is the only place that opens transactions: each svc_*
 * function takes the database, the store the caller is authenticated for
 * and validated input (domain/), runs one transaction (started with
 * db_begin_read_committed()), and commits it or rolls it back before it
 * returns.  Nothing here knows about HTTP; the caller chooses how to
 * answer.  The API handlers never write to the database themselves (the
 * admin's sign-in and session bookkeeping still does, in its handlers).
 *
 * Return values (int, one of enum svc_rc or a db code):
 *   SVC_OK         done; out-parameters are set
 *   SVC_NOT_FOUND  no such object in this store (another store's objects
 *                  are "not found" too)
 *   SVC_CONFLICT   refused by a rule of the object's state; err says why
 *                  (answer 409)
 *   SVC_INVALID    the (merged) input breaks a rule; err names the field
 *                  (answer it like a validation error, 422)
 *   < 0            a db.h code passed through: DB_ERR, DB_DOWN or DB_RETRY
 *                  (the transaction was rolled back; on DB_RETRY the
 *                  caller may run the whole call again)
 * On every status but SVC_OK nothing was changed.
 */
#ifndef SG_SERVICE_SERVICE_H
#define SG_SERVICE_SERVICE_H

enum svc_rc {
	SVC_OK = 0,
	SVC_NOT_FOUND = 1,
	SVC_CONFLICT = 2,
	SVC_INVALID = 3
};

#endif
