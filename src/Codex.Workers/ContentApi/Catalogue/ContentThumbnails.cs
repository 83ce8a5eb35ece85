using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.MediaFiles;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// An item without a picture of its own shows its media's thumbnail (the frame or waveform transcoding made): one
/// query for a whole page, and none at all when every item has its own picture. The catalogue and the library
/// (issue 11) both fill their cards here.
/// </summary>
public sealed class ContentThumbnails(CodexDbContext db, MediaLibrary library)
{
    public async Task<IReadOnlyList<ContentDto>> FillAsync(IReadOnlyList<ContentDto> items, CancellationToken ct)
    {
        var urls = await OfMediaAsync(items.Select(i => (i.ThumbnailUrl, i.MediaId)), ct);
        if (urls.Count == 0) return items;
        return items.Select(i => i.ThumbnailUrl is null && i.MediaId is { } media && urls.TryGetValue(media, out var url)
            ? i with { ThumbnailUrl = url }
            : i).ToList();
    }

    public async Task<ContentDto> FillAsync(ContentDto item, CancellationToken ct) => (await FillAsync([item], ct))[0];

    /// <summary>
    /// The thumbnail URL of the media of each item that has no picture of its own, by media id (a media without a
    /// thumbnail is absent): one query, none when no item needs one.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OfMediaAsync(IEnumerable<(string? ThumbnailUrl, Guid? MediaId)> items, CancellationToken ct)
    {
        var wanted = items.Where(i => i.ThumbnailUrl is null && i.MediaId is not null).Select(i => i.MediaId!.Value).Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, string>();
        var keys = await db.Media.AsNoTracking().Where(m => wanted.Contains(m.Id) && m.ThumbnailKey != null)
            .ToDictionaryAsync(m => m.Id, m => m.ThumbnailKey!, ct);
        return keys.ToDictionary(k => k.Key, k => library.ThumbnailUrl(k.Key, k.Value)!);
    }
}
