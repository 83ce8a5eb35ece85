using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Codex.Workers.Pipeline.Storage;

/// <summary>
/// Media in an S3-compatible bucket (S3, R2, MinIO), chosen when <c>Storage:S3:Bucket</c> is set. A file is written by
/// a multipart upload streamed in parts of <see cref="S3StorageOptions.PartSizeBytes"/>, so memory holds one part, never
/// the file; the object appears only when the upload completes, and any failure aborts it, so nothing is left. A file
/// that fits in one part is a single PUT, equally whole or nothing.
/// </summary>
public sealed class S3MediaStore : IMediaStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly int _partSize;
    private readonly ILogger<S3MediaStore> _logger;

    public S3MediaStore(S3StorageOptions options, ILogger<S3MediaStore> logger)
        : this(options.IsConfigured ? options.CreateClient() : throw new ArgumentException("S3 storage needs Storage:S3:Bucket.", nameof(options)),
            options.Bucket!, options.PartSizeBytes, logger)
    {
    }

    /// <summary>A store on <paramref name="client"/>, which it then owns (and disposes).</summary>
    public S3MediaStore(AmazonS3Client client, string bucket, int partSizeBytes, ILogger<S3MediaStore> logger)
    {
        _client = client;
        _bucket = bucket;
        _partSize = Math.Max(partSizeBytes, MinPartSize);
        _logger = logger;
    }

    /// <summary>S3's smallest part (every part but the last).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    public async Task<long> SaveAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        MediaKeys.Check(key);
        var buffer = new byte[_partSize];
        var filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (filled < buffer.Length)
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = key, ContentType = contentType, UseChunkEncoding = false,
                InputStream = new MemoryStream(buffer, 0, filled, writable: false), AutoCloseStream = false,
            }, ct);
            return filled;
        }

        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket, Key = key, ContentType = contentType,
        }, ct);
        try
        {
            var parts = new List<PartETag>();
            long written = 0;
            while (filled > 0)
            {
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartNumber = parts.Count + 1, PartSize = filled,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false), UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                written += filled;
                filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
            return written;
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        MediaKeys.Check(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key, ct);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<LocalFileLease> GetLocalFileAsync(string key, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"codex-media-{Guid.NewGuid():N}{Path.GetExtension(key)}");
        try
        {
            await using var source = await OpenReadAsync(key, ct) ?? throw new FileNotFoundException($"No media file '{key}'.", key);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await source.CopyToAsync(file, 81920, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new LocalFileLease(path, temporary: true);
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        MediaKeys.Check(key);
        await _client.DeleteObjectAsync(_bucket, key, ct); // S3 answers 204 for a key that is not there
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        var prefix = MediaKeys.Check(folder).TrimEnd('/') + "/";
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? []) await _client.DeleteObjectAsync(_bucket, item.Key, ct);
            if (page.IsTruncated != true) break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        MediaKeys.Check(key);
        try
        {
            await _client.GetObjectMetadataAsync(_bucket, key, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the request's token: a cancelled upload must still be aborted, or the store keeps (and bills) its parts.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            _logger.LogError(e, "Could not abort the multipart upload {UploadId} of {Key}; a bucket lifecycle rule should remove it", uploadId, key);
        }
    }

    /// <summary>An object's body that also releases the response (and its connection) when disposed.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
