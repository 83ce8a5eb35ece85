using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

[Collection(WorkersCollection.Name)]
public sealed class ListContentTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    private async Task<PagedList<ContentDto>> ListAsync(string query)
    {
        var response = await _client.GetAsync("/api/content?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<ContentDto>>();
    }

    private async Task<(Data.Organization Org, Data.User Creator)> OrgAsync()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator", UserRole.Creator);
        return (org, creator);
    }

    [Fact]
    public async Task Get_Content_ListsPublishedItemsOnly_NeverDraftsArchivedOrDeleted()
    {
        var (org, creator) = await OrgAsync();
        var published = await _data.ContentAsync(org, creator, "Published one");
        await _data.ContentAsync(org, creator, "A draft", status: ContentStatus.Draft);
        await _data.ContentAsync(org, creator, "Archived", status: ContentStatus.Archived);
        await _data.ContentAsync(org, creator, "Deleted", deleted: true);

        var list = await ListAsync($"organizationId={org.Id}");

        var item = Assert.Single(list.Items);
        Assert.Equal(published.Id, item.Id);
        Assert.Equal(new Pagination(1, 20, 1, 1), list.Pagination);
        Assert.Null(item.ContentBody);
        Assert.Equal(org.Slug, item.Organization!.Slug);
        Assert.Equal("Creator", item.Creator!.Name);
    }

    [Fact]
    public async Task Get_Content_FiltersByTypeAccessAndCreator()
    {
        var (org, creator) = await OrgAsync();
        var other = await _data.UserAsync("Other", UserRole.Creator);
        var video = await _data.ContentAsync(org, creator, "Video free", ContentType.Video, AccessType.Free);
        var audioPaid = await _data.ContentAsync(org, creator, "Audio paid", ContentType.Audio, AccessType.Paid);
        var byOther = await _data.ContentAsync(org, other, "Written members", ContentType.Written, AccessType.Members);

        Assert.Equal([video.Id], (await ListAsync($"organizationId={org.Id}&contentType=video")).Items.Select(i => i.Id));
        Assert.Equal([audioPaid.Id], (await ListAsync($"organizationId={org.Id}&accessType=paid")).Items.Select(i => i.Id));
        Assert.Equal([byOther.Id], (await ListAsync($"organizationId={org.Id}&creatorId={other.Id}")).Items.Select(i => i.Id));
        Assert.Empty((await ListAsync($"organizationId={org.Id}&contentType=audio&accessType=free")).Items);
    }

    [Fact]
    public async Task Get_Content_SearchMatchesTitleOrDescription_IgnoringCase()
    {
        var (org, creator) = await OrgAsync();
        var byTitle = await _data.ContentAsync(org, creator, "Sourdough Basics");
        var byDescription = await _data.ContentAsync(org, creator, "Morning bake", description: "All about SOURDOUGH starters");
        await _data.ContentAsync(org, creator, "Pottery wheel", description: "Clay and water");

        var list = await ListAsync($"organizationId={org.Id}&search=sourdough&sort=title");

        Assert.Equal([byDescription.Id, byTitle.Id], list.Items.Select(i => i.Id));
        Assert.Equal(2, list.Pagination.Total);
    }

    [Fact]
    public async Task Get_Content_SearchTreatsLikeWildcardsAsText()
    {
        var (org, creator) = await OrgAsync();
        var percent = await _data.ContentAsync(org, creator, "100% rye");
        await _data.ContentAsync(org, creator, "1000 rye loaves");

        var list = await ListAsync($"organizationId={org.Id}&search={Uri.EscapeDataString("0%")}");

        Assert.Equal([percent.Id], list.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Get_Content_SortsNewestOldestTitleAndPopular()
    {
        var (org, creator) = await OrgAsync();
        var older = await _data.ContentAsync(org, creator, "banana", daysAgo: 10, views: 5, purchases: 1);
        var newest = await _data.ContentAsync(org, creator, "Cherry", daysAgo: 1, views: 900, purchases: 0);
        var middle = await _data.ContentAsync(org, creator, "apple", daysAgo: 5, views: 10, purchases: 1);

        Assert.Equal([newest.Id, middle.Id, older.Id], (await ListAsync($"organizationId={org.Id}")).Items.Select(i => i.Id));
        Assert.Equal([newest.Id, middle.Id, older.Id], (await ListAsync($"organizationId={org.Id}&sort=newest")).Items.Select(i => i.Id));
        Assert.Equal([older.Id, middle.Id, newest.Id], (await ListAsync($"organizationId={org.Id}&sort=oldest")).Items.Select(i => i.Id));
        Assert.Equal([middle.Id, older.Id, newest.Id], (await ListAsync($"organizationId={org.Id}&sort=title")).Items.Select(i => i.Id));
        // Purchases first, then views: apple and banana tie on purchases, apple has more views.
        Assert.Equal([middle.Id, older.Id, newest.Id], (await ListAsync($"organizationId={org.Id}&sort=popular")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Get_Content_PagesWithoutOverlap_AndReportsTotals()
    {
        var (org, creator) = await OrgAsync();
        for (var i = 0; i < 5; i++) await _data.ContentAsync(org, creator, $"Item {i}", daysAgo: i);

        var first = await ListAsync($"organizationId={org.Id}&limit=2&page=1");
        var second = await ListAsync($"organizationId={org.Id}&limit=2&page=2");
        var third = await ListAsync($"organizationId={org.Id}&limit=2&page=3");
        var beyond = await ListAsync($"organizationId={org.Id}&limit=2&page=4");

        Assert.Equal(new Pagination(2, 2, 5, 3), second.Pagination);
        var all = first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Title).ToList();
        Assert.Equal(["Item 0", "Item 1", "Item 2", "Item 3", "Item 4"], all);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Pagination.Total);
    }

    [Fact]
    public async Task Get_Content_ByTag_FindsTheItemsCarryingIt_WhateverTheCase_AndFollowsATagChange()
    {
        // Issue 15, line 2: the "video" tag chip ran a text search that found nothing. Tags are filtered as tags.
        var (org, creator) = await OrgAsync();
        var lit = await _data.ContentAsync(org, creator, "Lit", daysAgo: 1);
        var dark = await _data.ContentAsync(org, creator, "Dark", daysAgo: 2, description: "about light, but not tagged so");
        var gone = await _data.ContentAsync(org, creator, "Gone", deleted: true);
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == lit.Id || c.Id == gone.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tags, ["Light", "studio"]));
            await db.Content.Where(c => c.Id == dark.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tags, ["night"]));
        }

        var byTag = await ListAsync($"organizationId={org.Id}&tag=LIGHT");
        Assert.Equal([lit.Id], byTag.Items.Select(i => i.Id));
        Assert.Equal(1, byTag.Pagination.Total);
        Assert.Equal(["Light", "studio"], byTag.Items[0].Tags); // as the creator wrote them
        Assert.Empty((await ListAsync($"organizationId={org.Id}&tag=lig")).Items); // a tag, not a substring
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == dark.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tags, ["Été", "night"]));
        // A tag beyond ASCII is found as it is written (SQLite's lower() folds only ASCII, on both sides alike).
        Assert.Equal([dark.Id], (await ListAsync($"organizationId={org.Id}&tag={Uri.EscapeDataString("Été")}")).Items.Select(i => i.Id));

        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == lit.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tags, ["night"]));
        var night = await ListAsync($"organizationId={org.Id}&tag=night&sort=title");
        Assert.Equal([dark.Id, lit.Id], night.Items.Select(i => i.Id));
        Assert.Equal(2, night.Pagination.Total);
        Assert.Empty((await ListAsync($"organizationId={org.Id}&tag=light")).Items);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=1001", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("sort=random", "sort")]
    [InlineData("contentType=podcast", "contentType")]
    [InlineData("accessType=FREE", "accessType")]
    [InlineData("organizationId=not-a-uuid", "organizationId")]
    [InlineData("creatorId=123", "creatorId")]
    [InlineData("search=a", "search")]
    [InlineData("scope=everything", "scope")]
    [InlineData("tag=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tag")]
    public async Task Get_Content_WithOutOfRangeOrUnknownValue_Returns400WithFieldError(string query, string field)
    {
        var response = await _client.GetAsync("/api/content?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Content_SearchLongerThan255_Returns400()
    {
        var response = await _client.GetAsync("/api/content?search=" + new string('x', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["search"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Content_ScopeMine_Anonymous_Returns401()
    {
        var response = await _client.GetAsync("/api/content?scope=mine");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Content_ScopeMine_ListsTheCallersOwnItems_DraftsIncluded()
    {
        var (org, creator) = await OrgAsync();
        var someoneElse = await _data.UserAsync();
        var draft = await _data.ContentAsync(org, creator, "My draft", status: ContentStatus.Draft, daysAgo: 1);
        var published = await _data.ContentAsync(org, creator, "My published", daysAgo: 2);
        await _data.ContentAsync(org, someoneElse, "Not mine");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/content?scope=mine&sort=title");
        request.Headers.Add("Cookie", await _data.SessionCookieAsync(creator));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadAsync<PagedList<ContentDto>>();
        Assert.Equal([draft.Id, published.Id], list.Items.Select(i => i.Id));
        Assert.Equal(ContentStatus.Draft, list.Items[0].Status);
    }

    [Fact]
    public async Task Get_Content_WithExpiredSession_IsAnonymous()
    {
        var user = await _data.UserAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/content?scope=mine");
        request.Headers.Add("Cookie", await _data.SessionCookieAsync(user, TimeSpan.FromSeconds(-1)));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_Content_WritesContractShape_CamelCaseSnakeEnumsUtcTimes()
    {
        var (org, creator) = await OrgAsync();
        await _data.ContentAsync(org, creator, "Shape", ContentType.Video, AccessType.Paid);

        var text = await (await _client.GetAsync($"/api/content?organizationId={org.Id}")).Content.ReadAsStringAsync();

        Assert.Contains("\"contentType\":\"video\"", text);
        Assert.Contains("\"accessType\":\"paid\"", text);
        Assert.Contains("\"priceCents\":500", text);
        Assert.Matches("\"publishedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\"", text);
        Assert.Contains("\"pagination\":{\"page\":1,\"limit\":20,\"total\":1,\"totalPages\":1}", text);
    }
}
