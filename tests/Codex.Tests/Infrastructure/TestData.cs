using Codex.Contracts;
using Codex.Data;
using Codex.Workers.Pipeline;

namespace Codex.Tests.Infrastructure;

/// <summary>Who calls an organization's management routes, relative to that organization (<see cref="TestData.CookieAsync(Organization, Who)"/>).</summary>
public enum Who { Anonymous, Customer, Member, Creator, Admin, Owner, OwnerOfAnother, PlatformAdmin }

/// <summary>
/// Arranges rows for one test. Each test makes its own organization (and filters by it), so no test sees
/// another's data: "total" is what this test made, on SQLite and PostgreSQL alike.
/// </summary>
public sealed class TestData(SystemFixture fixture)
{
    private static readonly DateTimeOffset Base = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public async Task<User> UserAsync(string? name = null, UserRole role = UserRole.Customer)
    {
        var id = Guid.NewGuid();
        var user = new User
        {
            Id = id, Email = $"u-{id:N}@example.test", Name = name ?? "Test User", PasswordHash = "not-a-real-hash",
            EmailVerified = true, Role = role, CreatedAt = Base, UpdatedAt = Base,
        };
        await using var db = fixture.Db();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task<Organization> OrganizationAsync()
    {
        var id = Guid.NewGuid();
        var org = new Organization { Id = id, Slug = $"org-{id:N}"[..30], Name = "Test Org " + id.ToString("N")[..6], CreatedAt = Base, UpdatedAt = Base };
        await using var db = fixture.Db();
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        return org;
    }

    public async Task MembershipAsync(Organization org, User user, MemberRole role)
    {
        await using var db = fixture.Db();
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = user.Id, Role = role, Status = MembershipStatus.Active, CreatedAt = Base,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A content item; published by default, <paramref name="daysAgo"/> before a fixed date.</summary>
    public async Task<ContentItem> ContentAsync(Organization org, User creator, string title,
        ContentType type = ContentType.Written, AccessType access = AccessType.Free, ContentStatus status = ContentStatus.Published,
        double daysAgo = 1, string? description = null, long views = 0, long purchases = 0, bool deleted = false, string? body = "Body text.")
    {
        var published = Base.AddDays(-daysAgo);
        var item = new ContentItem
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = creator.Id,
            Slug = "c-" + Guid.NewGuid().ToString("N")[..12], Title = title, Description = description,
            ContentType = type, AccessType = access, PriceCents = access == AccessType.Paid ? 500 : null, Status = status,
            ContentBody = body, Tags = ["test"], ViewCount = views, PurchaseCount = purchases,
            PublishedAt = status == ContentStatus.Published ? published : null,
            CreatedAt = published.AddDays(-1), UpdatedAt = published, DeletedAt = deleted ? published : null,
        };
        await using var db = fixture.Db();
        db.Content.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    public async Task PurchaseAsync(User user, ContentItem item, PurchaseStatus status = PurchaseStatus.Completed)
    {
        await using var db = fixture.Db();
        db.Purchases.Add(new Purchase
        {
            Id = Guid.NewGuid(), UserId = user.Id, ContentId = item.Id, OrganizationId = item.OrganizationId, PriceCents = item.PriceCents ?? 0,
            Currency = "usd", Status = status, CheckoutSessionId = "cs_test_" + Guid.NewGuid().ToString("N"),
            PurchasedAt = Base, RefundedAt = status == PurchaseStatus.Refunded ? Base : null, CreatedAt = Base,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The <c>Cookie</c> header of a new person standing in <paramref name="who"/>'s relation to <paramref name="org"/>
    /// (a customer of no organization, a member, creator, admin or owner of it, the owner of another, a platform
    /// admin); null for anonymous.
    /// </summary>
    public async Task<string?> CookieAsync(Organization org, Who who)
    {
        if (who == Who.Anonymous) return null;
        var user = await UserAsync(who.ToString(), who == Who.PlatformAdmin ? UserRole.Admin : UserRole.Customer);
        MemberRole? role = who switch
        {
            Who.Member => MemberRole.Member, Who.Creator => MemberRole.Creator, Who.Admin => MemberRole.Admin, Who.Owner => MemberRole.Owner,
            _ => null,
        };
        if (role is { } r) await MembershipAsync(org, user, r);
        if (who == Who.OwnerOfAnother) await MembershipAsync(await OrganizationAsync(), user, MemberRole.Owner);
        return await SessionCookieAsync(user);
    }

    /// <summary>A live session for <paramref name="user"/>; returns the <c>Cookie</c> header value.</summary>
    public async Task<string> SessionCookieAsync(User user, TimeSpan? lifetime = null)
    {
        var token = SessionTokens.NewToken();
        await using var db = fixture.Db();
        db.Sessions.Add(new Session
        {
            Id = Guid.NewGuid(), UserId = user.Id, TokenHash = SessionTokens.Hash(token),
            ExpiresAt = fixture.Clock.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(7)), CreatedAt = fixture.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        return $"{SessionCookie.Name}={token}";
    }

    /// <summary>
    /// A media item backed by a real file of <paramref name="size"/> known bytes (byte i is i % 251) under the
    /// fixture's <c>{DataPath}/media/test/</c>.
    /// </summary>
    public async Task<MediaItem> MediaAsync(Organization org, User creator, int size = 10_000, string mimeType = "video/mp4",
        MediaStatus status = MediaStatus.Ready, MediaKind kind = MediaKind.Video)
    {
        var id = Guid.NewGuid();
        var key = $"test/{id:N}.mp4";
        var path = Path.Combine(fixture.DataPath, "media", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, MediaBytes(size));
        var media = new MediaItem
        {
            Id = id, OrganizationId = org.Id, CreatorId = creator.Id, Title = "Test media", Kind = kind, Status = status, StorageKey = key,
            MimeType = mimeType, SizeBytes = size, DurationSeconds = 120, OriginalFileName = "test.mp4", CreatedAt = Base, UpdatedAt = Base,
        };
        await using var db = fixture.Db();
        db.Media.Add(media);
        await db.SaveChangesAsync();
        return media;
    }

    /// <summary>The bytes <see cref="MediaAsync"/> writes.</summary>
    public static byte[] MediaBytes(int size) => Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();

    /// <summary>A video item of <paramref name="access"/> linked to a fresh media file.</summary>
    public async Task<(ContentItem Item, MediaItem Media)> VideoAsync(Organization org, User creator, AccessType access = AccessType.Free,
        string title = "Video", MediaStatus mediaStatus = MediaStatus.Ready, int size = 10_000)
    {
        var media = await MediaAsync(org, creator, size, status: mediaStatus);
        var item = await ContentAsync(org, creator, title, ContentType.Video, access, body: null);
        await using var db = fixture.Db();
        db.Attach(item);
        item.MediaId = media.Id;
        await db.SaveChangesAsync();
        return (item, media);
    }

    /// <summary>Saved progress for <paramref name="user"/> in <paramref name="item"/>.</summary>
    public async Task ProgressAsync(User user, ContentItem item, double position, double duration, bool completed, DateTimeOffset updatedAt)
    {
        await using var db = fixture.Db();
        db.PlaybackProgress.Add(new PlaybackProgress
        {
            UserId = user.Id, ContentId = item.Id, PositionSeconds = position, DurationSeconds = duration, Completed = completed, UpdatedAt = updatedAt,
        });
        await db.SaveChangesAsync();
    }
}
