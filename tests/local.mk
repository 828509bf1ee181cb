# Module fragments (unit tests and fuzz targets) are appended below.
