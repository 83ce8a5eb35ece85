using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// The content of a deleted organization (ADR 022): gone from every listing and lookup, except for its buyers, who keep
/// the library, the item, streaming and progress.
/// </summary>
[Collection(ContentAccessCollection.Name)]
public sealed class DeletedOrganizationContentTests(ContentAccessFixture fixture)
{
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    private sealed record Cast(Data.Organization Org, Data.User Author, Data.User Buyer, Data.User Member, Data.ContentItem Paid,
        Data.ContentItem Free, Data.ContentItem MembersOnly, string Word);

    /// <summary>An organization with a bought paid video, a free video and a members-only article, then deleted.</summary>
    private async Task<Cast> ArrangeAsync(bool delete = true)
    {
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        await Data.MembershipAsync(org, author, MemberRole.Owner);
        var buyer = await Data.UserAsync();
        var member = await Data.UserAsync();
        await Data.MembershipAsync(org, member, MemberRole.Member);
        var (paid, _) = await Data.VideoAsync(org, author, AccessType.Paid, title: $"Paid {word}");
        var (free, _) = await Data.VideoAsync(org, author, AccessType.Free, title: $"Free {word}");
        var members = await Data.ContentAsync(org, author, $"Members {word}", access: AccessType.Members);
        await Data.PurchaseAsync(buyer, paid);
        await Data.ProgressAsync(member, free, 10, 100, false, DateTimeOffset.UtcNow);
        if (delete) await DeleteAsync(org);
        return new Cast(org, author, buyer, member, paid, free, members, word);
    }

    private async Task DeleteAsync(Data.Organization org)
    {
        await using var db = fixture.Db();
        await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));
    }

    private async Task<PagedList<ContentDto>> ListAsync(string query, Data.User? asUser = null)
    {
        var response = await _api.GetAsync("/api/content?" + query, asUser);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<ContentDto>>();
    }

    [Fact]
    public async Task Catalogue_BeforeDeletion_ListsTheItems()
    {
        var cast = await ArrangeAsync(delete: false);

        Assert.Equal(3, (await ListAsync($"search={cast.Word}")).Pagination.Total);
    }

    [Theory]
    [InlineData("search={word}")]
    [InlineData("search={word}&sort=popular")]
    [InlineData("organizationId={org}")]
    [InlineData("creatorId={author}")]
    [InlineData("search={word}&contentType=video&accessType=paid")]
    public async Task Catalogue_LeavesOutADeletedOrganizationsItems(string query)
    {
        var cast = await ArrangeAsync();

        var list = await ListAsync(query.Replace("{word}", cast.Word).Replace("{org}", cast.Org.Id.ToString()).Replace("{author}", cast.Author.Id.ToString()),
            cast.Buyer);

        Assert.Empty(list.Items);
        Assert.Equal(0, list.Pagination.Total);
    }

    [Fact]
    public async Task ScopeMine_OfADeletedOrganization_Is404_AndTheCreatorsOwnListLeavesItsItemsOut()
    {
        var cast = await ArrangeAsync();

        var studio = await _api.GetAsync($"/api/content?scope=mine&organizationId={cast.Org.Id}", cast.Author);
        var own = await ListAsync("scope=mine", cast.Author);

        Assert.Equal(HttpStatusCode.NotFound, studio.StatusCode);
        Assert.Empty(own.Items);
    }

    [Fact]
    public async Task Item_ByIdAndSlug_IsNotFound_ToAnyoneButItsBuyer()
    {
        var cast = await ArrangeAsync();
        var paths = new[] { $"/api/content/{cast.Paid.Id}", $"/api/content/slug/{cast.Paid.Slug}?organizationSlug={cast.Org.Slug}",
            $"/api/content/slug/{cast.Paid.Slug}?organizationId={cast.Org.Id}" };

        foreach (var path in paths)
        {
            foreach (var who in new[] { null, cast.Author, cast.Member, await Data.UserAsync() })
                Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(path, who)).StatusCode);
            var bought = await _api.GetAsync(path, cast.Buyer);
            Assert.Equal(HttpStatusCode.OK, bought.StatusCode);
            var item = (await bought.ReadAsync<DataEnvelope<ContentDto>>()).Data;
            Assert.Equal((cast.Paid.Id, cast.Org.Slug), (item.Id, item.Organization!.Slug));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/content/{cast.Free.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/content/{cast.MembersOnly.Id}", cast.Member)).StatusCode);
    }

    [Fact]
    public async Task Buyer_KeepsStreamingAndProgress_OthersGet404()
    {
        var cast = await ArrangeAsync();

        var stream = await _api.GetAsync($"/api/access/content/{cast.Paid.Id}/stream", cast.Buyer);
        var save = await _api.SendAsync(HttpMethod.Post, $"/api/access/content/{cast.Paid.Id}/progress", cast.Buyer,
            JsonContent.Create(new { positionSeconds = 12, durationSeconds = 120 }));
        var read = await _api.GetAsync($"/api/access/content/{cast.Paid.Id}/progress", cast.Buyer);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var media = await _api.Http.GetAsync(AccessClient.LocalPath((await stream.ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl));
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, save.StatusCode);
        Assert.Equal(12, (await read.ReadAsync<DataEnvelope<ProgressDto>>()).Data.Progress!.PositionSeconds);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/access/content/{cast.Free.Id}/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/access/content/{cast.Free.Id}/stream", cast.Member)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/access/content/{cast.Paid.Id}/stream", cast.Author)).StatusCode);
    }

    [Fact]
    public async Task Library_KeepsWhatWasBought_AndDropsWhatCameByMembershipOrProgress()
    {
        var cast = await ArrangeAsync(delete: false);
        await Data.MembershipAsync(cast.Org, cast.Buyer, MemberRole.Member);
        Assert.Equal(2, (await LibraryAsync(cast.Member)).Items.Count); // members-only, and free with progress
        Assert.Equal(2, (await LibraryAsync(cast.Buyer)).Items.Count); // bought, and members-only

        await DeleteAsync(cast.Org);

        Assert.Empty((await LibraryAsync(cast.Member)).Items);
        var library = await LibraryAsync(cast.Buyer);
        var kept = Assert.Single(library.Items);
        Assert.Equal((cast.Paid.Id, cast.Org.Slug, cast.Paid.Slug), (kept.Content.Id, kept.Content.OrganizationSlug, kept.Content.Slug));
        Assert.NotNull(kept.Purchase);
    }

    private async Task<PagedList<LibraryItemDto>> LibraryAsync(Data.User user)
    {
        var response = await _api.GetAsync("/api/access/user/library", user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<LibraryItemDto>>();
    }

    [Fact]
    public async Task Management_OfADeletedOrganizationsItems_Is404()
    {
        var cast = await ArrangeAsync();
        var cookie = await Data.SessionCookieAsync(cast.Author);

        foreach (var (method, path) in new[] { ("PATCH", $"/api/content/{cast.Free.Id}"), ("POST", $"/api/content/{cast.Free.Id}/unpublish"),
            ("DELETE", $"/api/content/{cast.Free.Id}"), ("POST", "/api/content") })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Cookie", cookie);
            if (method != "DELETE")
                request.Content = JsonContent.Create(path == "/api/content"
                    ? new { organizationId = cast.Org.Id, title = "New", contentType = "written", accessType = "free", contentBody = "Text" }
                    : (object)new { title = "Changed" });
            var response = await _api.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
    }
}
