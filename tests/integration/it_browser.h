/*
 * it_browser.h — run a headless-Chromium test file against a fixture
 * instance.  Header only (static functions), for it_browser.c and any other
 * it_browser_*.c program: seed the instance with the fixture, then
 *   CU_ASSERT_EQUAL(browser_run(FX, "widget.mjs"), 0);
 *
 * browser_run() copies tests/browser/ (the scripts, package.json and its
 * lock) into BUILD/tests/browser-run/ — the source tree may be read-only, as
 * in "make distcheck" — makes sure playwright-core is installed there (npm ci
 * from the committed lock file when it is missing), then runs
 * node BUILD/tests/browser-run/NAME with SG_BASE_URL, SG_DB_SOCKET, SG_DB_NAME and
 * SG_ARTIFACTS (BUILD/tests/browser-artifacts) in the environment, its
 * output passed through.  Returns node's exit status; anything missing
 * (node, npm, chromium) is a loud failure, never a skip.
 */
#ifndef SG_IT_BROWSER_H
#define SG_IT_BROWSER_H

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture/fixture.h"

/* The value of "key = value" in the instance's configuration file. */
static int
browser_conf_get(struct fx *fx, const char *key, char *dst, size_t size)
{
	char	 line[1024], *p, *e;
	FILE	*f;
	size_t	 klen = strlen(key);
	int	 found = 0;

	if ((f = fopen(fx->conf, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, klen) != 0)
			continue;
		p = line + klen;
		while (*p == ' ')
			p++;
		if (*p++ != '=')
			continue;
		while (*p == ' ')
			p++;
		if ((e = strpbrk(p, "\r\n")) != NULL)
			*e = '\0';
		snprintf(dst, size, "%s", p);
		found = 1;
	}
	fclose(f);
	return found;
}

static int
browser_system(const char *cmd)
{
	int	 st = system(cmd);

	if (st == -1)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * Copy the browser scripts into the build tree and npm ci there unless
 * playwright-core is installed already.
 */
static int
browser_install(void)
{
	char		 path[1024], cmd[2400];
	struct stat	 st;

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/tests/browser-run' && "
	    "cp '%s'/tests/browser/*.mjs '%s'/tests/browser/package.json "
	    "'%s'/tests/browser/package-lock.json '%s/tests/browser-run/' && "
	    "chmod u+w '%s'/tests/browser-run/*", fx_builddir(), fx_srcdir(),
	    fx_srcdir(), fx_srcdir(), fx_builddir(), fx_builddir());
	if (browser_system(cmd) != 0) {
		fprintf(stderr, "browser tests: could not copy tests/browser "
		    "into %s/tests/browser-run\n", fx_builddir());
		return -1;
	}
	snprintf(path, sizeof(path),
	    "%s/tests/browser-run/node_modules/playwright-core/package.json",
	    fx_builddir());
	if (stat(path, &st) == 0) {
		/* A tree installed before axe-core joined the lock file. */
		snprintf(path, sizeof(path),
		    "%s/tests/browser-run/node_modules/axe-core/package.json",
		    fx_builddir());
		if (stat(path, &st) == 0)
			return 0;
	}
	if (access("/usr/bin/chromium", X_OK) != 0)
		fprintf(stderr, "browser tests: /usr/bin/chromium is missing "
		    "(scripts/deps test installs it)\n");
	snprintf(cmd, sizeof(cmd), "cd '%s/tests/browser-run' && npm ci --no-audit "
	    "--no-fund --loglevel=error >&2", fx_builddir());
	if (browser_system(cmd) != 0) {
		fprintf(stderr, "browser tests: npm ci failed in %s/tests/browser-run "
		    "(are nodejs and npm installed? scripts/deps test)\n", fx_builddir());
		return -1;
	}
	return 0;
}

static int
browser_run(struct fx *fx, const char *name)
{
	char	 base[64], sock[600], arts[700], cmd[2400];

	if (browser_install() == -1)
		return -1;
	if (!browser_conf_get(fx, "db_socket", sock, sizeof(sock))) {
		fprintf(stderr, "browser tests: no db_socket in %s\n", fx->conf);
		return -1;
	}
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", fx->port);
	snprintf(arts, sizeof(arts), "%s/tests/browser-artifacts", fx_builddir());
	snprintf(cmd, sizeof(cmd), "SG_BASE_URL='%s' SG_DB_SOCKET='%s' SG_DB_NAME='%s' "
	    "SG_ARTIFACTS='%s' node '%s/tests/browser-run/%s' >&2", base, sock,
	    fx->dbname, arts, fx_builddir(), name);
	return browser_system(cmd);
}

#endif
