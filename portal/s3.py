"""Private files in an S3-compatible object store (only imported when configured:
boto3 is large, and most installations keep files on disk)."""

from storages.backends.s3 import S3Storage

from .uploads import no_public_url


class PrivateS3Storage(S3Storage):
    """Private ACL, and no URL either: views stream the files after checking
    permission (`portal.uploads.serve_private_file`), so no link to a file can
    outlive that check or be passed around."""

    def url(self, name, *args, **kwargs):
        no_public_url(name)
