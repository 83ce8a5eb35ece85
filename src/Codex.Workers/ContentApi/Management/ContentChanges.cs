using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi.Management;

/// <summary>How checked fields are written to an item: the one place that decides what is stored.</summary>
internal static class ContentChanges
{
    /// <summary>The stored fields of an item, as the content rules see them.</summary>
    public static ContentFields FieldsOf(ContentItem item) => new()
    {
        Title = item.Title, Slug = item.Slug, Description = item.Description, ContentType = item.ContentType,
        AccessType = item.AccessType, PriceCents = item.PriceCents, MediaId = item.MediaId, ContentBody = item.ContentBody,
        Tags = item.Tags,
    };

    /// <summary>
    /// Writes valid <paramref name="fields"/> to <paramref name="item"/> (slug already decided): text trimmed, blank
    /// text stored as null, tags trimmed and without repeats; duration taken from the media when it knows it.
    /// </summary>
    public static void Apply(ContentItem item, IContentFields fields, string slug, MediaItem? media, DateTimeOffset now)
    {
        item.Title = fields.Title!.Trim();
        item.Slug = slug;
        item.Description = Input.Clean(fields.Description);
        item.ContentType = fields.ContentType!.Value;
        item.AccessType = fields.AccessType!.Value;
        item.PriceCents = fields.PriceCents;
        item.MediaId = fields.MediaId;
        item.ContentBody = string.IsNullOrWhiteSpace(fields.ContentBody) ? null : fields.ContentBody;
        item.Tags = (fields.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        item.DurationSeconds = media?.DurationSeconds ?? (media is null ? null : item.DurationSeconds);
        item.UpdatedAt = now;
    }
}
