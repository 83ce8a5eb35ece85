using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Codex.Workers.ContentApi.Access;

/// <summary>S3-compatible storage settings (section <c>Storage:S3</c>); without a bucket, media stays on local disk.</summary>
public sealed class S3StorageOptions
{
    public string? ServiceUrl { get; set; }
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Region { get; set; } = "us-east-1";
}

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
        var options = config.GetSection("Storage:S3").Get<S3StorageOptions>() ?? new S3StorageOptions();
        if (string.IsNullOrWhiteSpace(options.Bucket)) return;
        _bucket = options.Bucket;
        var s3 = new AmazonS3Config { ForcePathStyle = true, AuthenticationRegion = options.Region };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            s3.ServiceURL = options.ServiceUrl;
            // The SDK builds the URL on the endpoint, then rewrites its scheme to the request's Protocol, which is
            // HTTPS unless told: an http:// endpoint would get https:// URLs that nothing answers.
            if (options.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) _protocol = Protocol.HTTP;
        }
        else s3.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey ?? "", options.SecretKey ?? ""), s3);
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
