using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// What the catalogue's indexes, trigram search and kept totals (ADR 023) could break: substring search, totals that
/// follow every change of an item, and pages that neither overlap nor skip rows with equal sort keys.
/// </summary>
[Collection(WorkersCollection.Name)]
public sealed class CatalogueAtScaleTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    private async Task<PagedList<ContentDto>> ListAsync(string query)
    {
        var response = await _client.GetAsync("/api/content?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<ContentDto>>();
    }

    private async Task<List<Guid>> SearchAsync(Organization org, string term) =>
        (await ListAsync($"organizationId={org.Id}&sort=title&search={Uri.EscapeDataString(term)}")).Items.Select(i => i.Id).ToList();

    private async Task<(Organization Org, User Creator)> OrgAsync() =>
        (await _data.OrganizationAsync(), await _data.UserAsync("Creator", UserRole.Creator));

    [Fact]
    public async Task Search_FindsATermInsideAWord_InTitleOrDescription_IgnoringCase()
    {
        var (org, creator) = await OrgAsync();
        var inTitle = await _data.ContentAsync(org, creator, "A Sourdough Starter");
        var inDescription = await _data.ContentAsync(org, creator, "Morning bake", description: "Notes on THOROUGH kneading");
        var neither = await _data.ContentAsync(org, creator, "Pottery wheel", description: "Clay and water");

        Assert.Equal([inTitle.Id], await SearchAsync(org, "RDOU"));
        Assert.Equal([inDescription.Id], await SearchAsync(org, "rough kn"));
        Assert.Equal([inTitle.Id, inDescription.Id], await SearchAsync(org, "OUGH"));
        Assert.Equal([neither.Id], await SearchAsync(org, "wheel"));
        Assert.Empty(await SearchAsync(org, "sourdough kneading"));
    }

    [Fact]
    public async Task Search_OfTwoCharacters_FindsThemAnywhere()
    {
        var (org, creator) = await OrgAsync();
        var inWord = await _data.ContentAsync(org, creator, "Making QUINCE jam");
        var inDescription = await _data.ContentAsync(org, creator, "Plums", description: "a quiet orchard");
        await _data.ContentAsync(org, creator, "Pears", description: "ripe");

        var list = await ListAsync($"organizationId={org.Id}&sort=title&search=qu");

        Assert.Equal([inWord.Id, inDescription.Id], list.Items.Select(i => i.Id));
        Assert.Equal(2, list.Pagination.Total);
    }

    [Fact]
    public async Task Search_TreatsQuotesAndQueryOperatorsAsText()
    {
        var (org, creator) = await OrgAsync();
        var quoted = await _data.ContentAsync(org, creator, "She said \"bake\" OR NOT");
        await _data.ContentAsync(org, creator, "Bake OR not");

        Assert.Equal([quoted.Id], await SearchAsync(org, "\"bake\""));
        Assert.Equal([quoted.Id], await SearchAsync(org, "\" or not"));
        Assert.Equal(2, (await SearchAsync(org, "or not")).Count);
        Assert.Empty(await SearchAsync(org, "bake*"));
    }

    [Fact]
    public async Task Search_FollowsInsertsUpdatesAndDeletesOfTitleAndDescription()
    {
        var (org, creator) = await OrgAsync();
        var item = await _data.ContentAsync(org, creator, "Lantern making", description: "Paper and wire");
        Assert.Equal([item.Id], await SearchAsync(org, "lantern"));

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, "Kite flying"));
        Assert.Empty(await SearchAsync(org, "lantern"));
        Assert.Equal([item.Id], await SearchAsync(org, "kite"));
        Assert.Equal([item.Id], await SearchAsync(org, "paper"));

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Description, "Bamboo and silk"));
        Assert.Empty(await SearchAsync(org, "paper"));
        Assert.Equal([item.Id], await SearchAsync(org, "bamboo"));

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Description, (string?)null));
        Assert.Empty(await SearchAsync(org, "bamboo"));
        Assert.Equal([item.Id], await SearchAsync(org, "kite"));

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteDeleteAsync();
        Assert.Empty(await SearchAsync(org, "kite"));
    }

    [Fact]
    public async Task Search_OfTheWholeCatalogue_FollowsPublishUnpublishDeleteAndEdits_AndTheStudioStillFindsDrafts()
    {
        // No organization filter: on SQLite the total is the FTS5 table's own count, which holds only published,
        // undeleted rows (ADR 023), so every change of status must move the row in or out of it.
        var (org, creator) = await OrgAsync();
        var term = "zq" + Guid.NewGuid().ToString("N")[..10];
        var item = await _data.ContentAsync(org, creator, $"Draft {term} notes", status: ContentStatus.Draft);
        async Task Catalogue(params Guid[] expected)
        {
            var page = await ListAsync("search=" + term);
            Assert.Equal(expected, page.Items.Select(i => i.Id));
            Assert.Equal(expected.Length, page.Pagination.Total);
        }
        await Catalogue();

        var cookie = await _data.SessionCookieAsync(creator);
        var mine = new HttpRequestMessage(HttpMethod.Get, $"/api/content?scope=mine&search={term}");
        mine.Headers.Add("Cookie", cookie);
        var studio = await (await _client.SendAsync(mine)).ReadAsync<PagedList<ContentDto>>();
        Assert.Equal([item.Id], studio.Items.Select(i => i.Id));

        async Task Change(Action<ContentItem> change)
        {
            await using var db = fixture.Db();
            var row = await db.Content.SingleAsync(c => c.Id == item.Id);
            change(row);
            await db.SaveChangesAsync();
        }
        await Change(c => { c.Status = ContentStatus.Published; c.PublishedAt = DateTimeOffset.UtcNow; });
        await Catalogue(item.Id);
        await Change(c => c.Title = "Renamed while published");
        await Catalogue();
        await Change(c => c.Description = $"Now in the {term} description");
        await Catalogue(item.Id);
        await Change(c => c.Status = ContentStatus.Draft);
        await Catalogue();
        await Change(c => { c.Title = $"Back {term}"; c.Description = null; });
        await Catalogue();
        await Change(c => c.Status = ContentStatus.Published);
        await Catalogue(item.Id);
        await Change(c => c.DeletedAt = DateTimeOffset.UtcNow);
        await Catalogue();
        await Change(c => c.DeletedAt = null);
        await Catalogue(item.Id);
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteDeleteAsync();
        await Catalogue();
    }

    [Fact]
    public async Task Search_WalkingTheOrdersIndex_FindsTheSameItemsInTheSameOrder_AsReadingTheMatches()
    {
        // The two ways ListContent reads a search's page (ADR 023): by the matches, or along the order's index.
        var (org, creator) = await OrgAsync();
        var term = "zw" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 7; i++) await _data.ContentAsync(org, creator, $"Item {i} {term}", daysAgo: i % 3);
        await _data.ContentAsync(org, creator, $"Draft {term}", status: ContentStatus.Draft);
        await using var db = fixture.Db();
        var expected = await Codex.Workers.ContentApi.Catalogue.CatalogueSearch.Matching(db, term, publishedOnly: true)
            .Where(c => c.Status == ContentStatus.Published && c.DeletedAt == null)
            .OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
        Assert.Equal(7, expected.Count);
        if (db is PostgresCodexDbContext) return; // the index walk is SQLite's
        var walked = await Codex.Workers.ContentApi.Catalogue.CatalogueSearch.MatchingInIndexOrder(db, term)
            .Where(c => c.Status == ContentStatus.Published && c.DeletedAt == null)
            .OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
        Assert.Equal(expected, walked);
        Assert.Equal(7, await Codex.Workers.ContentApi.Catalogue.CatalogueSearch.CountInFullTextTableAsync(db, term, default));
    }

    [Theory]
    [InlineData("newest")]
    [InlineData("oldest")]
    [InlineData("title")]
    [InlineData("popular")]
    public async Task Pages_WithEqualSortKeys_NeitherOverlapNorSkip(string sort)
    {
        var (org, creator) = await OrgAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++) ids.Add((await _data.ContentAsync(org, creator, "Same title", daysAgo: 3, views: 10, purchases: 1)).Id);

        var seen = new List<Guid>();
        for (var page = 1; page <= 4; page++)
        {
            var list = await ListAsync($"organizationId={org.Id}&sort={sort}&limit=2&page={page}");
            Assert.Equal(new Pagination(page, 2, 7, 4), list.Pagination);
            seen.AddRange(list.Items.Select(i => i.Id));
        }

        // Equal keys fall back on Id, so the pages hold every item once, in the order of their ids (as the databases
        // order them: by their hexadecimal text).
        Assert.Equal(ids.OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList(), seen);
    }

    [Fact]
    public async Task Totals_FollowPublishUnpublishDeleteAndChanges()
    {
        var (org, creator) = await OrgAsync();
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        var cookie = await _data.SessionCookieAsync(creator);
        var video = await _data.ContentAsync(org, creator, "Video", ContentType.Video);
        var written = await _data.ContentAsync(org, creator, "Written");
        await _data.ContentAsync(org, creator, "Draft", status: ContentStatus.Draft);
        async Task<(int All, int Videos, int Written, int ByCreator)> TotalsAsync() => (
            (await ListAsync($"organizationId={org.Id}")).Pagination.Total,
            (await ListAsync($"organizationId={org.Id}&contentType=video")).Pagination.Total,
            (await ListAsync($"organizationId={org.Id}&contentType=written&accessType=free")).Pagination.Total,
            (await ListAsync($"creatorId={creator.Id}")).Pagination.Total);
        async Task SendAsync(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Cookie", cookie);
            Assert.True((await _client.SendAsync(request)).IsSuccessStatusCode, $"{method} {path}");
        }

        Assert.Equal((2, 1, 1, 2), await TotalsAsync());

        await SendAsync(HttpMethod.Post, $"/api/content/{written.Id}/unpublish");
        Assert.Equal((1, 1, 0, 1), await TotalsAsync());

        await SendAsync(HttpMethod.Post, $"/api/content/{written.Id}/publish");
        Assert.Equal((2, 1, 1, 2), await TotalsAsync());

        await SendAsync(HttpMethod.Delete, $"/api/content/{video.Id}");
        Assert.Equal((1, 0, 1, 1), await TotalsAsync());

        // A change of access moves the item between totals; a change the totals do not depend on leaves them.
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == written.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessType, AccessType.Members));
            await db.Content.Where(c => c.Id == written.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ViewCount, 99));
        }
        Assert.Equal((1, 0, 0, 1), await TotalsAsync());

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == written.Id).ExecuteDeleteAsync();
        Assert.Equal((0, 0, 0, 0), await TotalsAsync());
    }

    [Fact]
    public async Task Totals_LeaveOutADeletedOrganization_AndMatchACountOfItsRows()
    {
        var (org, creator) = await OrgAsync();
        var (other, _) = await OrgAsync();
        for (var i = 0; i < 3; i++) await _data.ContentAsync(org, creator, $"Item {i}", (ContentType)(i % 3));
        await _data.ContentAsync(other, creator, "Elsewhere");
        Assert.Equal(4, (await ListAsync($"creatorId={creator.Id}")).Pagination.Total);

        await using (var db = fixture.Db())
        {
            await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));
            var kept = await db.CatalogueCounts.Where(k => k.OrganizationId == org.Id).SumAsync(k => k.Items);
            Assert.Equal(await db.Content.CountAsync(c => c.OrganizationId == org.Id && c.Status == ContentStatus.Published && c.DeletedAt == null), kept);
        }

        var list = await ListAsync($"creatorId={creator.Id}");
        Assert.Equal(1, list.Pagination.Total);
        Assert.Equal("Elsewhere", Assert.Single(list.Items).Title);
        Assert.Equal(0, (await ListAsync($"organizationId={org.Id}")).Pagination.Total);
    }
}
