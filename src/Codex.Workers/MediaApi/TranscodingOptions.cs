namespace Codex.Workers.MediaApi;

/// <summary>How the Media-API transcodes (section <c>Media</c>; the Content-API reads its upload settings from the same section).</summary>
public sealed class TranscodingOptions
{
    public const string Section = "Media";
    /// <summary>Runs of one job at most (the contract's 3): after that a failure is final and a retry is refused.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The callback's HMAC key (<see cref="Pipeline.SharedSecrets.MediaCallbackSecret"/>): required in a split deployment.</summary>
    public string? CallbackSecret { get; set; }
    /// <summary>A run longer than this is failed (its ffmpeg killed), and a job started longer ago is failed by the sweep.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>The ffmpeg executable: a name looked up on <c>PATH</c>, or a full path.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";
    /// <summary>The ffprobe executable; unset: <c>ffprobe</c> beside <see cref="FfmpegPath"/> (or on <c>PATH</c>).</summary>
    public string? FfprobePath { get; set; }
    /// <summary>How often the runner looks for queued jobs (and sweeps lost ones).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>The wait before the second run after a failure; the third waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// A running job writes its progress (and so its <c>UpdatedAt</c>) at least every quarter of this; one silent for
    /// longer lost its process (a crash, a killed container) and is queued again.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public string FfprobeExecutable => FfprobePath is { Length: > 0 } probe ? probe
        : Path.IsPathRooted(FfmpegPath) ? Path.Combine(Path.GetDirectoryName(FfmpegPath)!, "ffprobe") : "ffprobe";

    /// <summary>The wait before run <paramref name="attempts"/> + 1.</summary>
    public TimeSpan RetryDelayAfter(int attempts) => RetryDelay * Math.Max(1, attempts);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(JobTimeout), JobTimeout), (nameof(PollInterval), PollInterval), (nameof(RetryDelay), RetryDelay),
                     (nameof(HeartbeatTimeout), HeartbeatTimeout),
                 })
            foreach (var problem in Settings.Positive($"{Section}__{name}", value)) yield return problem;
        if (string.IsNullOrWhiteSpace(FfmpegPath)) yield return $"{Section}__FfmpegPath is empty; leave it unset for ffmpeg on PATH, or give a full path.";
    }
}
