using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Views;

/// <summary>
/// Counts views once per viewer and item per <see cref="ContentViewRules.RepeatWindow"/>: one atomic upsert per viewer
/// (<c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c>, which SQLite and PostgreSQL both have) changes a row only when it
/// is new or its last counted view is older than the window, so of two reports of the same viewer at once exactly one
/// changes it; the item's count goes up by the number of rows changed, in the same transaction.
/// </summary>
public sealed class ContentViews(CodexDbContext db, TimeProvider clock)
{
    public async Task<int> CountAsync(Guid contentId, IReadOnlyList<string> viewerKeys, CancellationToken ct)
    {
        if (viewerKeys.Count == 0) return 0;
        var now = clock.StoredNow();
        // Raw SQL does not pass through the model's converters: a time is written as the column stores it (an integer on SQLite).
        var stored = db.Model.FindEntityType(typeof(ContentView))!.FindProperty(nameof(ContentView.LastCountedAt))!.GetTypeMapping().Converter;
        var at = stored?.ConvertToProvider(now) ?? now;
        var before = stored?.ConvertToProvider(now - ContentViewRules.RepeatWindow) ?? now - ContentViewRules.RepeatWindow;

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var counted = 0;
            // In one order, so two reports that share viewers never wait on each other's rows in opposite orders.
            foreach (var key in viewerKeys.Order(StringComparer.Ordinal))
            {
                counted += await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO content_views ("ContentId", "ViewerKey", "LastCountedAt") VALUES ({contentId}, {key}, {at})
                    ON CONFLICT ("ContentId", "ViewerKey") DO UPDATE SET "LastCountedAt" = excluded."LastCountedAt"
                    WHERE content_views."LastCountedAt" <= {before}
                    """, token);
            }
            if (counted > 0)
                await db.Content.Where(c => c.Id == contentId)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.ViewCount, c => c.ViewCount + counted), token);
            await transaction.CommitAsync(token);
            return counted;
        }, ct);
    }

    /// <summary>Deletes rows whose window is over: a viewer who comes back after it is counted again whether or not the row is there.</summary>
    public Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - ContentViewRules.RepeatWindow;
        return db.ContentViews.Where(v => v.LastCountedAt <= cutoff).ExecuteDeleteAsync(ct);
    }
}
