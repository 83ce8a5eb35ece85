using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET</c> and <c>POST /api/access/content/:id/progress</c>: the caller's position in an item they have access to
/// (a session is needed even for free items). The position is the last one saved; <c>completed</c> becomes true at
/// 95 % or when the body says so, and stays true. A first save at position 0 that is not "completed" stores nothing
/// (issue 15, item 1; ADR 033): it says only that a page was open, and a row would put the item in the library as
/// started. Once there is a row, a 0 is saved like any position (the caller started over).
/// </summary>
public static class Progress
{
    public static async Task<IResult> GetAsync(string id, CurrentUser currentUser, ContentAccess access, CodexDbContext db, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var item = await access.RequireAccessAsync(id, user, ct);
        var progress = await db.PlaybackProgress.AsNoTracking()
            .Where(p => p.UserId == user.Id && p.ContentId == item.Id)
            .Select(p => new PlaybackProgressDto(p.PositionSeconds, p.DurationSeconds, p.Completed, p.UpdatedAt))
            .FirstOrDefaultAsync(ct);
        return Results.Json(new DataEnvelope<ProgressDto>(new ProgressDto(progress)), ContractJson.Options);
    }

    public static async Task<IResult> SaveAsync(string id, SaveProgressRequest body, CurrentUser currentUser, ContentAccess access,
        CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        new SaveProgressRequestValidator().ValidateAndThrow(body);
        var item = await access.RequireAccessAsync(id, user, ct);

        var position = body.PositionSeconds!.Value;
        var duration = body.DurationSeconds!.Value;
        var completed = ProgressRules.IsCompleted(position, duration, body.Completed);
        var now = clock.GetUtcNow();

        // Update first; insert when there is no row yet; when a concurrent first save wins the insert, update its row.
        if (await UpdateAsync(db, user.Id, item.Id, position, duration, completed, now, ct) > 0) return Results.NoContent();
        if (!ProgressRules.IsStarted(position, completed)) return Results.NoContent();
        try
        {
            db.PlaybackProgress.Add(new PlaybackProgress
            {
                UserId = user.Id, ContentId = item.Id, PositionSeconds = position, DurationSeconds = duration,
                Completed = completed, UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            await UpdateAsync(db, user.Id, item.Id, position, duration, completed, now, ct);
        }
        return Results.NoContent();
    }

    private static Task<int> UpdateAsync(CodexDbContext db, Guid userId, Guid contentId, double position, double duration,
        bool completed, DateTimeOffset now, CancellationToken ct) =>
        db.PlaybackProgress.Where(p => p.UserId == userId && p.ContentId == contentId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.PositionSeconds, position)
                .SetProperty(p => p.DurationSeconds, duration)
                .SetProperty(p => p.Completed, p => p.Completed || completed)
                .SetProperty(p => p.UpdatedAt, now), ct);
}
