using Codex.Contracts.Media;
using Codex.Data;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.MediaApi.Callback;

/// <summary>
/// What a transcoding result does to the media, its job and the content that plays it: the one place that writes
/// them, for the signed callback and for the sweep. Every change is a conditional update inside a transaction, so a
/// repeated or late report changes nothing: <c>ready</c> is final, a <c>failed</c> only ends a running attempt.
/// </summary>
public sealed class TranscodingOutcomes(CodexDbContext db, IMediaStore store, SiteCache site, LiveEvents live, TranscodingOptions options,
    TimeProvider clock, ILogger<TranscodingOutcomes> logger)
{
    /// <summary>Applies a checked callback; returns whether anything changed (false: a repeat, or too late).</summary>
    public Task<bool> ApplyAsync(TranscodingCallbackRequest report, CancellationToken ct) =>
        report.Status == TranscodingOutcome.Ready
            ? ReadyAsync(report, ct)
            : FailedAsync(report.MediaId, report.Error ?? "Transcoding failed.", report.Retryable ?? true, ct);

    private async Task<bool> ReadyAsync(TranscodingCallbackRequest report, CancellationToken ct)
    {
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == report.MediaId, ct) ?? throw ApiException.NotFound("The media");
        var now = clock.GetUtcNow();
        var oldKey = media.StorageKey;
        var newKey = report.OutputKey ?? oldKey;
        var mimeType = report.OutputKey is { } output ? MimeTypeOf(output, media.MimeType) : media.MimeType;
        var size = report.OutputKey is { } key ? await SizeAsync(key, ct) ?? media.SizeBytes : media.SizeBytes;
        int? duration = report.DurationSeconds is { } d ? Math.Max(1, (int)Math.Round(d)) : media.DurationSeconds;

        // One unit, retried whole on a transient failure (PostgreSQL's execution strategy).
        var (changed, published) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var updated = await db.Media.Where(m => m.Id == media.Id && m.Status != MediaStatus.Ready).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MediaStatus.Ready)
                .SetProperty(m => m.DurationSeconds, duration)
                .SetProperty(m => m.Width, report.Width ?? media.Width)
                .SetProperty(m => m.Height, report.Height ?? media.Height)
                .SetProperty(m => m.ThumbnailKey, report.ThumbnailKey ?? media.ThumbnailKey)
                .SetProperty(m => m.StorageKey, newKey)
                .SetProperty(m => m.MimeType, mimeType)
                .SetProperty(m => m.SizeBytes, size)
                .SetProperty(m => m.Error, (string?)null)
                .SetProperty(m => m.UpdatedAt, now), token);
            if (updated == 0) return (false, false); // ready already: a repeat changes nothing
            await db.TranscodingJobs.Where(j => j.MediaId == media.Id && j.Status != TranscodingJobStatus.Succeeded).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TranscodingJobStatus.Succeeded)
                .SetProperty(j => j.Progress, 100)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.UpdatedAt, now), token);
            if (duration is not null)
                await db.Content.Where(c => c.MediaId == media.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DurationSeconds, duration), token);
            var isPublic = await db.Content.AnyAsync(c => c.MediaId == media.Id && c.DeletedAt == null && c.Status == ContentStatus.Published, token);
            await tx.CommitAsync(token);
            return (true, isPublic);
        }, ct);
        if (!changed) return false;
        logger.LogInformation("Media {MediaId} is ready ({Key})", media.Id, newKey);

        // The upload is no longer needed once its rendition streams (the thumbnail lives beside the rendition).
        if (newKey != oldKey && oldKey != report.ThumbnailKey)
        {
            try { await store.DeleteAsync(oldKey, ct); }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not delete the replaced source {Key} of media {MediaId}", oldKey, media.Id);
            }
        }
        await ChangeAsync(media.OrganizationId, published, ct);
        await live.MediaStatusAsync(media.OrganizationId, media.Id, MediaStatus.Ready, 100, ct);
        return true;
    }

    /// <summary>
    /// A failed run of <paramref name="mediaId"/>: its job is queued again after a delay while attempts remain and the
    /// failure may pass (the media stays <c>transcoding</c>), else it fails for good with the media (<c>failed</c>,
    /// with <paramref name="error"/>). Nothing changes when the media is ready or no attempt is running.
    /// </summary>
    public async Task<bool> FailedAsync(Guid mediaId, string error, bool retryable, CancellationToken ct)
    {
        error = error.Length <= 1000 ? error : error[..1000];
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId, ct) ?? throw ApiException.NotFound("The media");
        if (media.Status == MediaStatus.Ready) return false; // a failure never overrides ready
        var now = clock.GetUtcNow();
        var job = await db.TranscodingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.MediaId == mediaId, ct);
        var final = job is null || !retryable || job.Attempts >= TranscodingOptions.MaxAttempts; // no job: an external transcoder's report
        if (job is not null && job.Status != TranscodingJobStatus.Running) return false; // a repeat, or a report for an attempt that is over
        var next = now + options.RetryDelayAfter(job?.Attempts ?? 1);
        var hasJob = job is not null;
        var changed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            if (job is not null)
            {
                var ended = await db.TranscodingJobs.Where(j => j.Id == job.Id && j.Status == TranscodingJobStatus.Running && j.Attempts == job.Attempts)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.Status, final ? TranscodingJobStatus.Failed : TranscodingJobStatus.Queued)
                        .SetProperty(j => j.NextAttemptAt, final ? job.NextAttemptAt : next)
                        .SetProperty(j => j.FinishedAt, final ? now : null)
                        .SetProperty(j => j.Progress, 0)
                        .SetProperty(j => j.LastError, error)
                        .SetProperty(j => j.UpdatedAt, now), token);
                if (ended == 0) return false;
            }
            var mediaChanged = await db.Media
                .Where(m => m.Id == mediaId && m.Status != MediaStatus.Ready && (hasJob || m.Status != MediaStatus.Failed))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, final ? MediaStatus.Failed : MediaStatus.Transcoding)
                    .SetProperty(m => m.Error, final ? error : null)
                    .SetProperty(m => m.UpdatedAt, now), token);
            if (mediaChanged == 0) return false; // became ready meanwhile (or a repeat): rolled back
            await tx.CommitAsync(token);
            return true;
        }, ct);
        if (!changed) return false;
        await live.MediaStatusAsync(media.OrganizationId, mediaId, final ? MediaStatus.Failed : MediaStatus.Transcoding, final ? null : 0, ct);
        if (final) logger.LogWarning("Transcoding media {MediaId} failed for good: {Error}", mediaId, error);
        else logger.LogInformation("Transcoding media {MediaId} failed (attempt {Attempts}), retrying: {Error}", mediaId, job!.Attempts, error);
        return true;
    }

    // Media became ready: the catalogue when a published item plays it; the organization's entries in any case, where
    // the site keeps a draft's "media not ready" as each of its team saw it (ADR 026).
    private async Task ChangeAsync(Guid organizationId, bool published, CancellationToken ct)
    {
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        string[] tags = slug is null ? [CacheTags.Content] : published ? [CacheTags.Content, CacheTags.Organization(slug)] : [CacheTags.Organization(slug)];
        await site.InvalidateAsync(tags, ct);
    }

    private async Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(key, ct);
        return stream is { CanSeek: true } ? stream.Length : null;
    }

    /// <summary>The type a rendition is served as, from its extension.</summary>
    public static string MimeTypeOf(string key, string fallback) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".mp4" => "video/mp4",
        ".m4a" => "audio/mp4",
        ".mp3" => "audio/mpeg",
        ".webm" => "video/webm",
        _ => fallback,
    };
}
