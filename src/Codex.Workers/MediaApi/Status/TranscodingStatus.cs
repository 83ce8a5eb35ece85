using Codex.Contracts.Media;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.MediaApi.Status;

/// <summary><c>GET /api/transcoding/status/:mediaId</c> and <c>POST /api/transcoding/retry/:mediaId</c>, for the media's managers.</summary>
public static class TranscodingStatus
{
    public static async Task<IResult> GetAsync(string mediaId, MediaManagers managers, CodexDbContext db, CancellationToken ct)
    {
        var media = await managers.RequireAsync(mediaId, ct);
        var job = await db.TranscodingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.MediaId == media.Id, ct);
        return Results.Json(new DataEnvelope<TranscodingStatusDto>(Dto(media, job)), ContractJson.Options);
    }

    /// <summary>
    /// A job that failed for good runs again now, when it has attempts left: 409 <c>CONFLICT</c> after
    /// <see cref="TranscodingOptions.MaxAttempts"/>, and for a job that has not failed (queued, running, done).
    /// </summary>
    public static async Task<IResult> RetryAsync(string mediaId, MediaManagers managers, CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var media = await managers.RequireAsync(mediaId, ct);
        var job = await db.TranscodingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.MediaId == media.Id, ct)
            ?? throw Conflict("This file has no transcoding job to retry.");
        if (job.Status != TranscodingJobStatus.Failed)
            throw Conflict($"Only a failed transcoding can be retried; this one is {ContractJson.WireName(job.Status)}.");
        if (job.Attempts >= TranscodingOptions.MaxAttempts)
            throw Conflict($"This file was tried {job.Attempts} times, the most there are; upload it again, perhaps in another format.");
        var now = clock.GetUtcNow();
        var changed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var requeued = await db.TranscodingJobs
                .Where(j => j.Id == job.Id && j.Status == TranscodingJobStatus.Failed && j.Attempts < TranscodingOptions.MaxAttempts)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TranscodingJobStatus.Queued)
                    .SetProperty(j => j.NextAttemptAt, now)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.UpdatedAt, now), token);
            if (requeued == 0) return false;
            // Queued again, as after the upload.
            await db.Media.Where(m => m.Id == media.Id && m.Status == MediaStatus.Failed).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MediaStatus.Uploaded)
                .SetProperty(m => m.Error, (string?)null)
                .SetProperty(m => m.UpdatedAt, now), token);
            await tx.CommitAsync(token);
            return true;
        }, ct);
        if (!changed) throw Conflict("This transcoding changed meanwhile; reload its status.");
        var fresh = await db.Media.AsNoTracking().FirstAsync(m => m.Id == media.Id, ct);
        var freshJob = await db.TranscodingJobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, ct);
        return Results.Json(new DataEnvelope<TranscodingStatusDto>(Dto(fresh, freshJob)), ContractJson.Options);
    }

    private static TranscodingStatusDto Dto(MediaItem media, TranscodingJob? job) => new(
        media.Status,
        media.Status == MediaStatus.Ready ? 100 : job?.Status == TranscodingJobStatus.Running ? job.Progress : 0,
        job?.Attempts ?? 0,
        media.Error ?? (media.Status == MediaStatus.Ready ? null : job?.LastError),
        job?.Status,
        job?.Status == TranscodingJobStatus.Queued ? job.NextAttemptAt : null);

    private static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);
}
