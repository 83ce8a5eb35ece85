using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.MediaFiles;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// An item without a picture of its own shows its media's thumbnail (the frame or waveform transcoding made): one
/// query for a whole page, and none at all when every item has its own picture.
/// </summary>
public sealed class ContentThumbnails(CodexDbContext db, MediaLibrary library)
{
    public async Task<IReadOnlyList<ContentDto>> FillAsync(IReadOnlyList<ContentDto> items, CancellationToken ct)
    {
        var wanted = items.Where(i => i.ThumbnailUrl is null && i.MediaId is not null).Select(i => i.MediaId!.Value).Distinct().ToList();
        if (wanted.Count == 0) return items;
        var keys = await db.Media.AsNoTracking().Where(m => wanted.Contains(m.Id) && m.ThumbnailKey != null)
            .ToDictionaryAsync(m => m.Id, m => m.ThumbnailKey!, ct);
        if (keys.Count == 0) return items;
        return items.Select(i => i.ThumbnailUrl is null && i.MediaId is { } media && keys.TryGetValue(media, out var key)
            ? i with { ThumbnailUrl = library.ThumbnailUrl(media, key) }
            : i).ToList();
    }

    public async Task<ContentDto> FillAsync(ContentDto item, CancellationToken ct) => (await FillAsync([item], ct))[0];
}
