using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Profile;

/// <summary>
/// What the site must forget when a person's public side changes: what it holds about the user (the session carries the
/// name shown in the header), their public page under the old and the new username, and, when the name or username
/// changed and they made content, the catalogue (every content page and card names its creator and links to their page).
/// The catalogue is dropped whole: it has no per-creator tag, and a creator renaming themselves is rare.
/// </summary>
public sealed class ProfileCaches(SiteCache site, CodexDbContext db)
{
    public async Task ChangedAsync(Guid userId, string? oldUsername, string? newUsername, bool nameShown, CancellationToken ct)
    {
        var tags = new List<string>();
        if (oldUsername is not null) tags.Add(CacheTags.Person(oldUsername));
        if (newUsername is not null && newUsername != oldUsername) tags.Add(CacheTags.Person(newUsername));
        if (nameShown && await db.Content.AnyAsync(c => c.CreatorId == userId, ct)) tags.Add(CacheTags.Content);
        await site.InvalidateUserAsync(userId, ct);
        if (tags.Count > 0) await site.InvalidateAsync(tags, ct);
    }
}
