using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Codex.Workers.Pipeline.Storage;

/// <summary>S3-compatible storage settings (section <c>Storage:S3</c>); without a bucket, media stays on local disk.</summary>
public sealed class S3StorageOptions
{
    public const string Section = "Storage:S3";

    public string? ServiceUrl { get; set; }
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>The size of each part of a multipart upload (S3's minimum is 5 MiB for every part but the last).</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The section's settings, or defaults when it is absent.</summary>
    public static S3StorageOptions From(IConfiguration config) => config.GetSection(Section).Get<S3StorageOptions>() ?? new S3StorageOptions();

    /// <summary>True when a bucket is named: media then lives in S3-compatible storage.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Bucket);

    /// <summary>True when the endpoint is plain http (MinIO or s3rver on a private network).</summary>
    public bool IsHttp => ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// A client for the configured store. Addressing is path-style (<c>{endpoint}/{bucket}/{key}</c>), which every
    /// S3-compatible server answers; checksums are sent only where S3 requires them, since older S3-compatible servers
    /// refuse the SDK's default aws-chunked bodies with CRC32 trailers.
    /// </summary>
    public AmazonS3Client CreateClient()
    {
        var s3 = new AmazonS3Config
        {
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(ServiceUrl)) s3.ServiceURL = ServiceUrl;
        else s3.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        return new AmazonS3Client(new BasicAWSCredentials(AccessKey ?? "", SecretKey ?? ""), s3);
    }
}
