using Codex.Data;
using Codex.Workers.IdentityApi.Avatar;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Export;

/// <summary>
/// <c>GET /api/user/export</c>: everything Codex stores about the caller, as one JSON document sent as an attachment
/// (<c>{data: AccountExport}</c>, the contract's envelope). It holds the caller's own rows and, of other rows, only what
/// names the caller's own things (an organization's name, a bought item's title). Never anyone else's personal data:
/// not who invited them, who granted them access or who wrote an audit entry about them, nor other buyers or members.
/// Never a secret: no password hash, no token or token hash, no mail body (a mailed link carries a token).
/// </summary>
public static class ExportAccount
{
    public const string Format = "codex-account-export/1";

    public static async Task<IResult> HandleAsync(HttpContext http, CurrentUser current, CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var id = caller.Id;
        var now = clock.GetUtcNow();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.DeletedAt == null, ct) ?? throw ApiException.Unauthorized();
        var viewerKey = "u:" + id.ToString("N");
        var userTarget = id.ToString("D");

        var export = new AccountExport(
            Format,
            now,
            new ExportedProfile(user.Id, user.Email, user.Name, user.Username, user.Bio, user.WebsiteUrl, Avatars.UrlOf(user.AvatarKey),
                user.EmailVerified, user.Role, user.CreatedAt, user.UpdatedAt, user.DisabledAt),
            await db.OneTimeTokens.AsNoTracking()
                .Where(t => t.UserId == id && t.Purpose == OneTimeTokenPurpose.ChangeEmail && t.UsedAt == null && t.ExpiresAt > now)
                .OrderBy(t => t.CreatedAt)
                .Select(t => new ExportedEmailChange(t.NewEmail!, t.CreatedAt, t.ExpiresAt)).ToListAsync(ct),
            await db.Sessions.AsNoTracking().Where(s => s.UserId == id).OrderBy(s => s.CreatedAt)
                .Select(s => new ExportedSession(s.Id, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == caller.SessionId)).ToListAsync(ct),
            await db.Memberships.AsNoTracking().Where(m => m.UserId == id).OrderBy(m => m.CreatedAt)
                .Select(m => new ExportedMembership(m.OrganizationId, m.Organization!.Name, m.Organization.Slug, m.Role, m.Status, m.CreatedAt))
                .ToListAsync(ct),
            // Only since this account exists: an address can have had an earlier holder (deleted, or changed away).
            await db.Invitations.AsNoTracking().Where(i => i.Email == user.Email && i.CreatedAt >= user.CreatedAt).OrderBy(i => i.CreatedAt)
                .Select(i => new ExportedInvitation(i.Id, i.OrganizationId, i.Organization!.Name, i.Role, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt))
                .ToListAsync(ct),
            await db.Purchases.AsNoTracking().Where(p => p.UserId == id).OrderBy(p => p.CreatedAt)
                .Select(p => new ExportedPurchase(p.Id, p.ContentId, p.Content!.Title, p.OrganizationId,
                    db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Name).FirstOrDefault(),
                    p.PriceCents, p.Currency, p.Status, p.GrantedById != null, p.PurchasedAt, p.RefundedAt, p.RefundedCents, p.CreatedAt))
                .ToListAsync(ct),
            await db.CheckoutSessions.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.CreatedAt)
                .Select(c => new ExportedCheckout(c.Id, c.ContentId, c.AmountCents, c.Currency, c.Status, c.CreatedAt, c.ExpiresAt)).ToListAsync(ct),
            await db.PlaybackProgress.AsNoTracking().Where(p => p.UserId == id).OrderBy(p => p.UpdatedAt)
                .Select(p => new ExportedProgress(p.ContentId, db.Content.Where(c => c.Id == p.ContentId).Select(c => c.Title).FirstOrDefault(),
                    p.PositionSeconds, p.DurationSeconds, p.Completed, p.UpdatedAt)).ToListAsync(ct),
            await db.ContentViews.AsNoTracking().Where(v => v.ViewerKey == viewerKey).OrderBy(v => v.LastCountedAt)
                .Select(v => new ExportedView(v.ContentId, v.LastCountedAt)).ToListAsync(ct),
            await db.Content.AsNoTracking().Where(c => c.CreatorId == id).OrderBy(c => c.CreatedAt)
                .Select(c => new ExportedContent(c.Id, c.OrganizationId, c.Title, c.Slug, c.ContentType, c.Status, c.CreatedAt, c.PublishedAt,
                    c.DeletedAt != null)).ToListAsync(ct),
            await db.Media.AsNoTracking().Where(m => m.CreatorId == id).OrderBy(m => m.CreatedAt)
                .Select(m => new ExportedMedia(m.Id, m.OrganizationId, m.Title, m.OriginalFileName, m.Kind, m.SizeBytes, m.CreatedAt)).ToListAsync(ct),
            await db.OutgoingMail.AsNoTracking().Where(m => m.Recipient == user.Email && m.CreatedAt >= user.CreatedAt).OrderBy(m => m.CreatedAt)
                .Select(m => new ExportedMail(m.Template, m.Status, m.CreatedAt, m.SentAt)).ToListAsync(ct),
            await db.AuditLog.AsNoTracking().Where(a => a.TargetType == "user" && a.TargetId == userTarget).OrderBy(a => a.CreatedAt)
                .Select(a => new ExportedAuditEntry(a.Action, a.Reason, a.CreatedAt)).ToListAsync(ct));

        var file = $"codex-account-{now.UtcDateTime:yyyy-MM-dd}.json";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Json(new DataEnvelope<AccountExport>(export), ContractJson.Options);
    }
}

/// <summary>The export document: one section per kind of data, each oldest first.</summary>
public sealed record AccountExport(
    string Format,
    DateTimeOffset ExportedAt,
    ExportedProfile Profile,
    IReadOnlyList<ExportedEmailChange> PendingEmailChanges,
    IReadOnlyList<ExportedSession> Sessions,
    IReadOnlyList<ExportedMembership> Memberships,
    IReadOnlyList<ExportedInvitation> InvitationsReceived,
    IReadOnlyList<ExportedPurchase> Purchases,
    IReadOnlyList<ExportedCheckout> CheckoutSessions,
    IReadOnlyList<ExportedProgress> PlaybackProgress,
    IReadOnlyList<ExportedView> ContentViews,
    IReadOnlyList<ExportedContent> ContentCreated,
    IReadOnlyList<ExportedMedia> MediaUploaded,
    IReadOnlyList<ExportedMail> MailSent,
    IReadOnlyList<ExportedAuditEntry> AuditEntriesAboutYou);

public sealed record ExportedProfile(Guid Id, string Email, string Name, string? Username, string? Bio, string? WebsiteUrl, string? AvatarUrl,
    bool EmailVerified, UserRole Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DisabledAt);

public sealed record ExportedEmailChange(string NewEmail, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

public sealed record ExportedSession(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

public sealed record ExportedMembership(Guid OrganizationId, string OrganizationName, string OrganizationSlug, MemberRole Role,
    MembershipStatus Status, DateTimeOffset JoinedAt);

public sealed record ExportedInvitation(Guid Id, Guid OrganizationId, string OrganizationName, MemberRole Role, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt);

/// <summary>A purchase, or complimentary access granted by an organization (<see cref="Complimentary"/>; who granted it is theirs to know).</summary>
public sealed record ExportedPurchase(Guid Id, Guid ContentId, string ContentTitle, Guid OrganizationId, string? OrganizationName, int PriceCents,
    string Currency, PurchaseStatus Status, bool Complimentary, DateTimeOffset? PurchasedAt, DateTimeOffset? RefundedAt, int RefundedCents,
    DateTimeOffset CreatedAt);

public sealed record ExportedCheckout(string Id, Guid ContentId, int AmountCents, string Currency, CheckoutStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

public sealed record ExportedProgress(Guid ContentId, string? ContentTitle, double PositionSeconds, double DurationSeconds, bool Completed,
    DateTimeOffset UpdatedAt);

public sealed record ExportedView(Guid ContentId, DateTimeOffset LastCountedAt);

public sealed record ExportedContent(Guid Id, Guid OrganizationId, string Title, string Slug, ContentType ContentType, ContentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, bool Deleted);

public sealed record ExportedMedia(Guid Id, Guid OrganizationId, string Title, string? OriginalFileName, MediaKind Kind, long SizeBytes,
    DateTimeOffset CreatedAt);

/// <summary>A mail sent (or to be sent) to the account's address: which one and when, never its body (links in it carry tokens).</summary>
public sealed record ExportedMail(string Template, OutgoingMailStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>A platform admin's action on the account (disabling, a role change): what, why and when; not which admin.</summary>
public sealed record ExportedAuditEntry(string Action, string? Reason, DateTimeOffset CreatedAt);
