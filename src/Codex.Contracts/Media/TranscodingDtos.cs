namespace Codex.Contracts.Media;

/// <summary>The Media-API's transcoding routes (CONTRACT.md, "Creator side (v2)").</summary>
public static class TranscodingRoutes
{
    /// <summary>Where a transcoder (the embedded one, or an external one) reports a result, signed.</summary>
    public const string Callback = "/api/transcoding/callback";
    public const string Status = "/api/transcoding/status/{mediaId}";
    public const string Retry = "/api/transcoding/retry/{mediaId}";
}

/// <summary>How a transcoding callback is signed.</summary>
public static class TranscodingSignature
{
    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>.</summary>
    public const string Header = "X-Codex-Signature";

    /// <summary>A signature older (or further in the future) than this is refused.</summary>
    public const long ToleranceSeconds = 300;
}

/// <summary>The callback's outcome values: <c>ready</c> or <c>failed</c>.</summary>
public static class TranscodingOutcome
{
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>
/// <c>POST /api/transcoding/callback</c>: what a transcoder made of one media file. Keys are keys in the media store.
/// <see cref="Retryable"/> is an addition to the contract: <c>false</c> says that running the same file again will
/// fail the same way (ffmpeg missing, the time limit reached), so no automatic retry is queued.
/// </summary>
public sealed record TranscodingCallbackRequest(
    Guid MediaId,
    string Status,
    double? DurationSeconds = null,
    int? Width = null,
    int? Height = null,
    string? ThumbnailKey = null,
    string? OutputKey = null,
    string? Error = null,
    bool? Retryable = null);

/// <summary>
/// <c>GET /api/transcoding/status/:mediaId</c>: <see cref="Status"/> is the media's status (uploaded, transcoding, ready,
/// failed); <see cref="JobStatus"/> and <see cref="NextAttemptAt"/> are additions (queued, running, succeeded, failed).
/// </summary>
public sealed record TranscodingStatusDto(
    MediaStatus Status,
    int Progress,
    int Attempts,
    string? Error,
    TranscodingJobStatus? JobStatus,
    DateTimeOffset? NextAttemptAt);
