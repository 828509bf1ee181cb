/*
 * admin_upload.c — milestone photos: recognised by their bytes
 * (util/image.h), re-encoded at web size without their metadata plus a
 * thumbnail (util/photo.h), then stored under media_dir with a random name
 * and the extension of the stored format, so that nothing a creator names
 * or declares reaches the file system or the Content-Type nginx serves.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handlers/admin.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/image.h"
#include "util/log.h"
#include "util/photo.h"

void
admin_upload_limit_text(const struct sg_app *app, char *dst, size_t size)
{
	long	 n = app->cfg->max_upload;

	if (n % (1024 * 1024) == 0)
		snprintf(dst, size, "%ld MiB", n / (1024 * 1024));
	else if (n % 1024 == 0)
		snprintf(dst, size, "%ld KiB", n / 1024);
	else
		snprintf(dst, size, "%ld bytes", n);
}

int
admin_photo_check(const struct sg_app *app, const void *data, size_t len,
    struct sg_image_info *info, char *why, size_t whysize)
{
	char	 limit[64];
	int	 rc;

	rc = sg_image_inspect_max(data, len, (size_t)app->cfg->max_upload, info);
	if (rc == SG_IMAGE_OK)
		return 0;
	if (rc == SG_IMAGE_TOOLARGE) {
		admin_upload_limit_text(app, limit, sizeof(limit));
		snprintf(why, whysize, "the image file is larger than %s", limit);
	} else
		snprintf(why, whysize, "%s", sg_image_strerror(rc));
	return 1;
}

/* Write len bytes to path, a new file: 0, or -1 (logged). */
static int
upload_write(const char *path, const unsigned char *p, size_t len)
{
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1) {
		sg_error("admin: cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	while (off < len) {
		if ((n = write(fd, p + off, len - off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			sg_error("admin: cannot write %s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) == -1) {
		sg_error("admin: cannot write %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * The web copy is stored as NAME.EXT and the thumbnail as NAME-320.EXT,
 * NAME being 128 random bits in hex: a URL nobody can guess, so a photo is
 * hidden until a public response names it (after the reach, SPEC rule 3).
 */
int
admin_upload_save(const struct sg_app *app, const void *data, size_t len,
    char *url, size_t urlsize, char *why, size_t whysize)
{
	struct sg_image_info	 info;
	struct sg_photo		 web, thumb;
	char			 name[ADMIN_MEDIA_NAME_MAX], path[4096], tpath[4096];
	char			 base[33];
	int			 rc;

	if (admin_photo_check(app, data, len, &info, why, whysize) != 0)
		return 1;
	if ((rc = sg_photo_make(data, len, (size_t)app->cfg->max_upload, &web,
	    &thumb)) != SG_IMAGE_OK) {
		if (rc == SG_IMAGE_NOMEM) {
			sg_error("admin: photo: %s", sg_image_strerror(rc));
			return -1;
		}
		snprintf(why, whysize, "%s", sg_image_strerror(rc));
		return 1;
	}
	rc = -1;
	sg_random_hex(base, 16);
	snprintf(name, sizeof(name), "%s.%s", base, web.ext);
	if (snprintf(path, sizeof(path), "%s/%s", app->cfg->media_dir, name) >=
	    (int)sizeof(path) ||
	    snprintf(tpath, sizeof(tpath), "%s/%s-%u.%s", app->cfg->media_dir,
	    base, SG_PHOTO_THUMB_SIDE, thumb.ext) >= (int)sizeof(tpath)) {
		sg_error("admin: media_dir path too long");
		goto out;
	}
	if (upload_write(path, web.data, web.len) == -1)
		goto out;
	if (upload_write(tpath, thumb.data, thumb.len) == -1) {
		unlink(path);
		goto out;
	}
	snprintf(url, urlsize, "/media/%s", name);
	rc = 0;
out:
	sg_photo_free(&web);
	sg_photo_free(&thumb);
	return rc;
}

/* Remove a file stored by admin_upload_save() (after a failed save). */
void
admin_upload_remove(const struct sg_app *app, const char *url)
{
	char	 path[4096];

	if (strncmp(url, "/media/", 7) != 0 || strchr(url + 7, '/') != NULL)
		return;
	const char	*dot;

	if (snprintf(path, sizeof(path), "%s/%s", app->cfg->media_dir, url + 7) <
	    (int)sizeof(path))
		unlink(path);
	/* Its thumbnail, NAME-320.EXT. */
	if ((dot = strrchr(url + 7, '.')) != NULL &&
	    snprintf(path, sizeof(path), "%s/%.*s-%u%s", app->cfg->media_dir,
	    (int)(dot - (url + 7)), url + 7, SG_PHOTO_THUMB_SIDE, dot) <
	    (int)sizeof(path))
		unlink(path);
}
