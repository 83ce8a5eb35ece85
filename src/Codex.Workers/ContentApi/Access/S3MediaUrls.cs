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
/// local: no request is made to the store.
/// </summary>
public sealed class S3MediaUrls : IDisposable
{
    private readonly AmazonS3Client? _client;
    private readonly string? _bucket;

    public S3MediaUrls(IConfiguration config)
    {
        var options = config.GetSection("Storage:S3").Get<S3StorageOptions>() ?? new S3StorageOptions();
        if (string.IsNullOrWhiteSpace(options.Bucket)) return;
        _bucket = options.Bucket;
        var s3 = new AmazonS3Config { ForcePathStyle = true, AuthenticationRegion = options.Region };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl)) s3.ServiceURL = options.ServiceUrl;
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
        });

    public void Dispose() => _client?.Dispose();
}
