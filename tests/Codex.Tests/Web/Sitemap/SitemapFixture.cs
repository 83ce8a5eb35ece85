using System.Globalization;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Sitemap;

/// <summary>
/// The site, Content-API and Organization-API on a database of their own, arranged once and only read by the tests:
/// two live organizations with <see cref="PublishedCount"/> published items between them, and around them everything
/// the sitemap must leave out (drafts, archived and deleted items, a deleted organization and its items). Sitemap
/// files hold <see cref="MaxUrls"/> URLs, so the items take several files.
/// </summary>
public sealed class SitemapFixture : SystemFixture
{
    public const int MaxUrls = 50;
    public const int PublishedCount = 300;
    private static readonly DateTimeOffset Base = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected override IReadOnlyList<Role> Roles => [Role.ContentApi, Role.OrganizationApi, Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sitemap:MaxUrlsPerFile"] = MaxUrls.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The live organizations' slugs.</summary>
    public IReadOnlyList<string> Organizations { get; private set; } = [];
    public string DeletedOrganization { get; private set; } = "";
    /// <summary>Every item the sitemap lists, by its page's path: when it was published and last changed.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt)> Listed { get; private set; } =
        new Dictionary<string, (DateTimeOffset, DateTimeOffset)>();
    /// <summary>Paths of items that exist but must never be listed.</summary>
    public IReadOnlyList<string> Unlisted { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var creator = new User
        {
            Id = Guid.NewGuid(), Email = "sitemap-creator@example.test", Name = "Creator", PasswordHash = "not-a-real-hash",
            EmailVerified = true, Role = UserRole.Creator, CreatedAt = Base, UpdatedAt = Base,
        };
        Organization Org(string slug, bool deleted = false) => new()
        {
            Id = Guid.NewGuid(), Slug = slug, Name = slug, CreatedAt = Base, UpdatedAt = Base, DeletedAt = deleted ? Base : null,
        };
        var orgs = new[] { Org("sitemap-north"), Org("sitemap-south") };
        var gone = Org("sitemap-gone", deleted: true);

        var listed = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>();
        var unlisted = new List<string>();
        var items = new List<ContentItem>();
        ContentItem Item(Organization org, int n, ContentStatus status, DateTimeOffset published, bool deleted = false)
        {
            var item = new ContentItem
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = creator.Id, Slug = $"item-{n}", Title = $"Item {n}",
                ContentType = ContentType.Written, AccessType = AccessType.Free, Status = status, ContentBody = "Body.",
                PublishedAt = status == ContentStatus.Draft ? null : published, CreatedAt = published.AddDays(-1),
                UpdatedAt = published.AddDays(n % 7), DeletedAt = deleted ? Base : null,
            };
            items.Add(item);
            return item;
        }
        string PathOf(Organization org, ContentItem item) => $"/o/{org.Slug}/content/{item.Slug}";

        for (var n = 0; n < PublishedCount; n++)
        {
            var org = orgs[n % 2];
            // Three items share each publication time, so only the tie-break keeps windows from overlapping.
            var item = Item(org, n, ContentStatus.Published, Base.AddMinutes(-(n / 3)));
            listed[PathOf(org, item)] = (item.PublishedAt!.Value, item.UpdatedAt);
        }
        var next = PublishedCount;
        foreach (var org in orgs)
        {
            unlisted.Add(PathOf(org, Item(org, next++, ContentStatus.Draft, Base)));
            unlisted.Add(PathOf(org, Item(org, next++, ContentStatus.Archived, Base.AddDays(-3))));
            unlisted.Add(PathOf(org, Item(org, next++, ContentStatus.Published, Base.AddDays(1), deleted: true)));
        }
        for (var n = 0; n < 5; n++) unlisted.Add(PathOf(gone, Item(gone, next++, ContentStatus.Published, Base.AddDays(1))));

        await using var db = Db();
        db.Users.Add(creator);
        db.Organizations.AddRange([.. orgs, gone]);
        db.Content.AddRange(items);
        await db.SaveChangesAsync();

        Organizations = [.. orgs.Select(o => o.Slug)];
        DeletedOrganization = gone.Slug;
        Listed = listed;
        Unlisted = unlisted;
    }
}

[CollectionDefinition(Name)]
public sealed class SitemapCollection : ICollectionFixture<SitemapFixture>
{
    public const string Name = "sitemap";
}
