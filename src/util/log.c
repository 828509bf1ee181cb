/* log.c — see log.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

static const char	*log_progname = "stretchgoal";
static enum sg_log_level log_min = SG_LOG_INFO;

/* The batch (log.h): lines below warn, oldest written at log_first. */
static int		 log_batching;
static char		 log_buf[SG_LOG_BATCH_BYTES];
static size_t		 log_len;
static struct timespec	 log_first;

static const char *const log_names[] = { "debug", "info", "warn", "error" };

void
sg_log_init(const char *progname, enum sg_log_level min)
{
	log_progname = progname;
	log_min = min;
}

void
sg_log_batch(void)
{
	log_batching = 1;
}

void
sg_log_flush(void)
{
	if (log_len > 0)
		(void)!write(STDERR_FILENO, log_buf, log_len);
	log_len = 0;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 +
	    (long)(t1.tv_nsec - t0->tv_nsec) / 1000000;
}

long
sg_log_flush_due(void)
{
	long	 age;

	if (log_len == 0)
		return -1;
	if ((age = ms_since(&log_first)) >= SG_LOG_BATCH_MS) {
		sg_log_flush();
		return -1;
	}
	return SG_LOG_BATCH_MS - age;
}

int
sg_log_level_parse(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++)
		if (strcmp(s, log_names[i]) == 0)
			return (int)i;
	return -1;
}

void
sg_log(enum sg_log_level level, const char *fmt, ...)
{
	char		 line[2048], ts[32];
	va_list		 ap;
	time_t		 now;
	struct tm	 tm;
	int		 n, m;

	if (level < log_min)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s[%ld] %s: ", ts, log_progname,
	    (long)getpid(), log_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (log_batching && level < SG_LOG_WARN) {
		if (log_len + (size_t)n > sizeof(log_buf))
			sg_log_flush();
		if (log_len == 0)
			clock_gettime(CLOCK_MONOTONIC, &log_first);
		memcpy(log_buf + log_len, line, (size_t)n);
		log_len += (size_t)n;
		(void)sg_log_flush_due();
		return;
	}
	sg_log_flush();
	/* One write(2) per line so that lines from several workers do not mix. */
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
