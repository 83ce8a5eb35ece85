using Amazon.S3;
using Amazon.S3.Model;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// Streaming URLs as presigned GETs from the AWS SDK when S3-compatible storage (S3, R2, MinIO) is configured:
/// the browser fetches the bytes from the store directly, with range requests, until the URL expires. Signing is
/// local: no request is made to the store. Addressing is path-style (<c>{endpoint}/{bucket}/{key}</c>), which every
/// S3-compatible server answers, and the URL keeps the endpoint's scheme, so an <c>http://</c> store (MinIO or
/// s3rver on a private network) gets URLs the browser can fetch and the CSP allows.
/// </summary>
public sealed class S3MediaUrls : IDisposable
{
    private readonly AmazonS3Client? _client;
    private readonly string? _bucket;
    private readonly Protocol _protocol = Protocol.HTTPS;

    public S3MediaUrls(IConfiguration config)
    {
        var options = S3StorageOptions.From(config);
        if (!options.IsConfigured) return;
        _bucket = options.Bucket;
        // The SDK builds the URL on the endpoint, then rewrites its scheme to the request's Protocol, which is HTTPS
        // unless told: an http:// endpoint would get https:// URLs that nothing answers.
        if (options.IsHttp) _protocol = Protocol.HTTP;
        _client = options.CreateClient();
    }

    /// <summary>True when media is served from S3-compatible storage.</summary>
    public bool Enabled => _client is not null;

    /// <summary>A presigned GET of <paramref name="storageKey"/> that expires at <paramref name="expiresAt"/>.</summary>
    public string PresignedGet(string storageKey, DateTimeOffset expiresAt) =>
        _client!.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = storageKey,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = _protocol,
        });

    public void Dispose() => _client?.Dispose();
}
