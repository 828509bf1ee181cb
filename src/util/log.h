/*
 * log.h — logging to stderr, one line per event.
 *
 * Lines look like "2026-11-22T10:00:00Z stretchgoal[123] warn: message".
 * The program's supervisor and workers share stderr; nginx or the service
 * manager collects it.  Nothing here allocates.
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

#define sg_debug(...)	sg_log(SG_LOG_DEBUG, __VA_ARGS__)
#define sg_info(...)	sg_log(SG_LOG_INFO, __VA_ARGS__)
#define sg_warn(...)	sg_log(SG_LOG_WARN, __VA_ARGS__)
#define sg_error(...)	sg_log(SG_LOG_ERROR, __VA_ARGS__)

#endif
