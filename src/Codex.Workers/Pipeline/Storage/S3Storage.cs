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

    /// <summary>S3's smallest part of a multipart upload but the last: 5 MiB.</summary>
    public const int MinimumPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>
    /// The section's settings, or defaults when it is absent; a setting that makes no sense stops start-up with one
    /// sentence naming its variable (<see cref="Problems"/>), not the first upload.
    /// </summary>
    public static S3StorageOptions From(IConfiguration config) => Settings.Read<S3StorageOptions>(config, Section, o => o.Problems());

    /// <summary>What is wrong with these settings, one sentence each (issue 9: found at start-up, not at first use).</summary>
    public IEnumerable<string> Problems()
    {
        const string prefix = "Storage__S3__";
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            yield return $"{prefix}{nameof(ServiceUrl)} is \"{ServiceUrl}\"; it must be an absolute http:// or https:// address such as http://minio:9000.";
        foreach (var problem in Settings.AtLeast(prefix + nameof(PartSizeBytes), PartSizeBytes, MinimumPartSizeBytes)) yield return problem;
        if (!IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(AccessKey))
            yield return $"{prefix}{nameof(AccessKey)} is not set; with {prefix}{nameof(Bucket)} set, media is stored in S3 and needs its access key.";
        if (string.IsNullOrWhiteSpace(SecretKey))
            yield return $"{prefix}{nameof(SecretKey)} is not set; with {prefix}{nameof(Bucket)} set, media is stored in S3 and needs its secret key.";
    }

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
