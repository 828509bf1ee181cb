/*
 * log.h — logging to stderr, one line per event.
 *
 * Lines look like "2026-11-22T10:00:00Z stretchgoal[123] warn: message".
 * The program's supervisor and workers share stderr; nginx or the service
 * manager collects it.  Nothing here allocates.
 *
 * Batching (sg_log_batch): a FastCGI worker writes its access lines (debug
 * and info) into a buffer of SG_LOG_BATCH_BYTES and writes the buffer with
 * one write(2) when it is full, when its oldest line is SG_LOG_BATCH_MS old
 * (sg_log_flush_due, called by the worker's loop) and on sg_log_flush (a
 * clean stop).  A warn or error line first flushes the buffer, then is
 * written at once, so lines keep their order.  A worker that crashes loses
 * the lines still in its buffer: at most SG_LOG_BATCH_BYTES, written in the
 * last SG_LOG_BATCH_MS.
 */
#ifndef SG_UTIL_LOG_H
#define SG_UTIL_LOG_H

enum sg_log_level {
	SG_LOG_DEBUG,
	SG_LOG_INFO,
	SG_LOG_WARN,
	SG_LOG_ERROR,
};

/* Set the program name shown in each line and the lowest level printed. */
void	sg_log_init(const char *progname, enum sg_log_level min);
/* Parse "debug", "info", "warn", "error"; returns -1 for anything else. */
int	sg_log_level_parse(const char *s);
void	sg_log(enum sg_log_level level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Lines below warn are batched from now on (see above). */
void	sg_log_batch(void);
/* Write the buffered lines now. */
void	sg_log_flush(void);
/*
 * Flush when the oldest buffered line is SG_LOG_BATCH_MS old.  Returns the
 * milliseconds until the next flush is due, or -1 when nothing is buffered.
 */
long	sg_log_flush_due(void);

/* Within PIPE_BUF, so that one batch is one atomic write on a pipe. */
#define SG_LOG_BATCH_BYTES	4096
#define SG_LOG_BATCH_MS		100

#define sg_debug(...)	sg_log(SG_LOG_DEBUG, __VA_ARGS__)
#define sg_info(...)	sg_log(SG_LOG_INFO, __VA_ARGS__)
#define sg_warn(...)	sg_log(SG_LOG_WARN, __VA_ARGS__)
#define sg_error(...)	sg_log(SG_LOG_ERROR, __VA_ARGS__)

#endif
