/*
 * public_fcgi.c — the benchmark's baseline: the smallest libfcgi program
 * that answers every request with the same bytes (a file read at start)
 * and the same headers as the public handlers.  Not part of the product.
 *
 *   public_fcgi SOCKET PROCESSES CONTENT-TYPE FILE
 *
 * Listens on the unix socket SOCKET with PROCESSES processes (like the
 * program's workers), each serving one request at a time.
 */
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

int
main(int argc, char *argv[])
{
	FCGX_Request	 r;
	FILE		*f;
	char		*body, head[512];
	long		 len;
	int		 fd, n, i, hlen;

	if (argc != 5 || (n = atoi(argv[2])) < 1 || n > 64) {
		fprintf(stderr, "usage: public_fcgi SOCKET PROCESSES CONTENT-TYPE FILE\n");
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
	if (FCGX_Init() != 0 || (fd = FCGX_OpenSocket(argv[1], 1024)) < 0) {
		fprintf(stderr, "cannot listen on %s\n", argv[1]);
		return 1;
	}
	for (i = 1; i < n; i++)
		if (fork() == 0)
			break;
	FCGX_InitRequest(&r, fd, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(head, hlen, r.out);
		FCGX_PutStr(body, (int)len, r.out);
		FCGX_Finish_r(&r);
	}
	return 0;
}
