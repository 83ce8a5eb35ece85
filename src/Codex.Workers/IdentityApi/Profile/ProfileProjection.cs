using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.IdentityApi.Avatar;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Profile;

/// <summary>The one mapping from a user row to the profile shapes.</summary>
public static class ProfileProjection
{
    public static ProfileDto Own(User user, string? pendingEmail) =>
        new(user.Id, user.Email, user.Name, user.Username, user.Bio, user.WebsiteUrl, Avatars.UrlOf(user.AvatarKey), user.CreatedAt)
        {
            PendingEmail = pendingEmail,
        };

    public static PublicProfileDto Public(User user) =>
        new(user.Id, user.Name, user.Username!, user.Bio, user.WebsiteUrl, Avatars.UrlOf(user.AvatarKey));

    /// <summary>The new address of the newest email change still waiting for its confirmation, if any.</summary>
    public static Task<string?> PendingEmailAsync(CodexDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        db.OneTimeTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.Purpose == OneTimeTokenPurpose.ChangeEmail && t.UsedAt == null && t.ExpiresAt > now)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => t.NewEmail)
            .FirstOrDefaultAsync(ct);
}
