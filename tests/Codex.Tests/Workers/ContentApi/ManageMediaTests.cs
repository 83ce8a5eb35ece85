using System.Net;
using System.Text;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary><c>GET /api/media</c>, <c>GET</c>, <c>PATCH</c> and <c>DELETE /api/media/:id</c>, for every kind of caller.</summary>
[Collection(MediaCollection.Name)]
public sealed class ManageMediaTests(MediaFixture fixture)
{
    private readonly MediaApi _api = new(fixture);

    private async Task<MediaDto> UploadedAsync(Organization org, string cookie, string name = "clip.mp3", string? title = null)
    {
        var response = await _api.UploadAsync(cookie, MediaFiles.Form(org.Id, MediaFiles.Bytes(name), name, title));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data;
    }

    private static HttpStatusCode Expected(Who who, HttpStatusCode success) =>
        who == Who.Anonymous ? HttpStatusCode.Unauthorized : MediaApi.Allowed(who) ? success : HttpStatusCode.Forbidden;

    // --- list ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task List_PagesTheOrganizationsFiles_NewestFirst_AndFiltersByStatus()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var first = await UploadedAsync(org, cookie, title: "First");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await UploadedAsync(org, cookie, title: "Second");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await UploadedAsync(org, cookie, title: "Third");
        var (other, _, otherCookie) = await _api.StudioAsync();
        await UploadedAsync(other, otherCookie);
        await using (var db = fixture.Db())
            await db.Media.Where(m => m.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MediaStatus.Ready));

        var page1 = await (await _api.SendAsync(HttpMethod.Get, $"/api/media?organizationId={org.Id}&limit=2", cookie)).ReadAsync<PagedList<MediaDto>>();
        var page2 = await (await _api.SendAsync(HttpMethod.Get, $"/api/media?organizationId={org.Id}&limit=2&page=2", cookie)).ReadAsync<PagedList<MediaDto>>();
        var ready = await (await _api.SendAsync(HttpMethod.Get, $"/api/media?organizationId={org.Id}&status=ready", cookie)).ReadAsync<PagedList<MediaDto>>();

        Assert.Equal([third.Id, second.Id], page1.Items.Select(m => m.Id));
        Assert.Equal([first.Id], page2.Items.Select(m => m.Id));
        Assert.Equal(new Pagination(1, 2, 3, 2), page1.Pagination);
        Assert.Equal([second.Id], ready.Items.Select(m => m.Id));
    }

    [Theory]
    [InlineData("", "organizationId")]
    [InlineData("organizationId=nope", "organizationId")]
    [InlineData("organizationId=ORG&status=done", "status")]
    [InlineData("organizationId=ORG&limit=0", "limit")]
    [InlineData("organizationId=ORG&page=1001", "page")]
    public async Task List_WithABadQuery_Is400OnTheField(string query, string field)
    {
        var (org, _, cookie) = await _api.StudioAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/api/media?" + query.Replace("ORG", org.Id.ToString()), cookie);

        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.Customer)]
    [InlineData(Who.Member)]
    [InlineData(Who.OwnerOfAnother)]
    [InlineData(Who.Creator)]
    [InlineData(Who.Admin)]
    [InlineData(Who.Owner)]
    [InlineData(Who.PlatformAdmin)]
    public async Task List_ByCaller_AnswersByTheirRoleInTheOrganization(Who who)
    {
        var org = await _api.Data.OrganizationAsync();
        await _api.Data.MediaAsync(org, await _api.Data.UserAsync());

        var response = await _api.SendAsync(HttpMethod.Get, $"/api/media?organizationId={org.Id}", await _api.CookieAsync(org, who));

        var status = Expected(who, HttpStatusCode.OK);
        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.OK) Assert.Single((await response.ReadAsync<PagedList<MediaDto>>()).Items);
        else Assert.Equal(MediaApi.CodeOf(status), (await response.ErrorAsync()).Code);
    }

    // --- get and patch ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.Customer)]
    [InlineData(Who.Member)]
    [InlineData(Who.OwnerOfAnother)]
    [InlineData(Who.Creator)]
    [InlineData(Who.Admin)]
    [InlineData(Who.Owner)]
    [InlineData(Who.PlatformAdmin)]
    public async Task Get_And_Patch_ByCaller_AnswerByTheirRoleInTheOrganization(Who who)
    {
        var org = await _api.Data.OrganizationAsync();
        var media = await _api.Data.MediaAsync(org, await _api.Data.UserAsync());
        var cookie = await _api.CookieAsync(org, who);

        var get = await _api.SendAsync(HttpMethod.Get, $"/api/media/{media.Id}", cookie);
        var patch = await _api.SendJsonAsync(HttpMethod.Patch, $"/api/media/{media.Id}", cookie, new { title = "Renamed" });

        var status = Expected(who, HttpStatusCode.OK);
        Assert.Equal((status, status), (get.StatusCode, patch.StatusCode));
        await using var db = fixture.Db();
        Assert.Equal(status == HttpStatusCode.OK ? "Renamed" : "Test media", (await db.Media.SingleAsync(m => m.Id == media.Id)).Title);
        if (status != HttpStatusCode.OK) Assert.Equal(MediaApi.CodeOf(status), (await get.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_IsTheContractsMediaShape()
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var uploaded = await UploadedAsync(org, cookie, "clip.mp4", "Shape");

        var json = await (await _api.SendAsync(HttpMethod.Get, $"/api/media/{uploaded.Id}", cookie)).Content.ReadAsStringAsync();

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(["createdAt", "creatorId", "durationSeconds", "error", "height", "id", "mediaType", "mimeType", "organizationId",
            "sizeBytes", "status", "thumbnailUrl", "title", "updatedAt", "width"], data.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("video", "uploaded", creator.Id.ToString()), (data.GetProperty("mediaType").GetString(), data.GetProperty("status").GetString(),
            data.GetProperty("creatorId").GetString()));
    }

    [Fact]
    public async Task Get_Unknown_Is404_Malformed_Is400()
    {
        var (_, _, cookie) = await _api.StudioAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"/api/media/{Guid.NewGuid()}", cookie)).StatusCode);
        Assert.Equal(["id"], await (await _api.SendAsync(HttpMethod.Get, "/api/media/not-a-uuid", cookie)).FieldErrorsAsync());
    }

    [Theory]
    [InlineData("""{"title":"   "}""")]
    [InlineData("""{}""")]
    [InlineData("""{"title":"LONG"}""")]
    public async Task Patch_WithABadTitle_Is400OnTitle_AndChangesNothing(string json)
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie, title: "Kept");

        var response = await _api.SendAsync(HttpMethod.Patch, $"/api/media/{media.Id}", cookie,
            new StringContent(json.Replace("LONG", new string('t', 501)), Encoding.UTF8, "application/json"));

        Assert.Equal(["title"], await response.FieldErrorsAsync());
        await using var db = fixture.Db();
        Assert.Equal("Kept", (await db.Media.SingleAsync(m => m.Id == media.Id)).Title);
    }

    [Fact]
    public async Task Patch_TrimsTheTitle_AndMovesUpdatedAt()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await _api.SendJsonAsync(HttpMethod.Patch, $"/api/media/{media.Id}", cookie, new { title = "  " + new string('t', 500) + "  " });

        var dto = (await response.ReadAsync<DataEnvelope<MediaDto>>()).Data;
        Assert.Equal(new string('t', 500), dto.Title);
        Assert.True(dto.UpdatedAt > media.UpdatedAt);
    }

    [Fact]
    public async Task Get_WithAThumbnail_GivesASignedUrlThatLoadsIt_AndOnlyIt()
    {
        var (org, _, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie, "clip.mp4");
        var key = $"uploads/{org.Id:N}/{media.Id:N}/thumbnail.jpg";
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9];
        await File.WriteAllBytesAsync(Path.Combine(fixture.DataPath, "media", key), jpeg);
        await using (var db = fixture.Db())
            await db.Media.Where(m => m.Id == media.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ThumbnailKey, key));

        var url = new Uri((await (await _api.SendAsync(HttpMethod.Get, $"/api/media/{media.Id}", cookie)).ReadAsync<DataEnvelope<MediaDto>>()).Data.ThumbnailUrl!);
        var picture = await _api.SendAsync(HttpMethod.Get, url.PathAndQuery, cookie: null);
        var tampered = await _api.SendAsync(HttpMethod.Get, url.PathAndQuery.Replace("sig=", "sig=x"), cookie: null);
        var asMedia = await _api.SendAsync(HttpMethod.Get, url.PathAndQuery.Replace("/thumbnail", ""), cookie: null);

        Assert.Equal($"/media/{media.Id}/thumbnail", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/jpeg", picture.Content.Headers.ContentType!.MediaType);
        Assert.Equal(jpeg, await picture.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMedia.StatusCode); // a thumbnail's signature never opens the media
    }

    // --- delete ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Delete_RemovesTheRow_TheJob_AndEveryStoredFile_AndUnlinksDrafts()
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie, "clip.mp4");
        var folder = Path.Combine(fixture.UploadsOf(org), media.Id.ToString("N"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "thumbnail.jpg"), [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "web.mp4"), [4, 5, 6]);
        var draft = await _api.Data.ContentAsync(org, creator, "Draft", ContentType.Video, status: ContentStatus.Draft, body: null);
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == draft.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MediaId, media.Id));

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", cookie);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await _api.AssertNothingStoredAsync(org);
        await using var check = fixture.Db();
        Assert.False(await check.TranscodingJobs.AnyAsync(j => j.MediaId == media.Id));
        Assert.Null((await check.Content.SingleAsync(c => c.Id == draft.Id)).MediaId);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"/api/media/{media.Id}", cookie)).StatusCode);
    }

    [Fact]
    public async Task Delete_WhilePublishedContentPlaysIt_Is409_AndKeepsEverything_ButADeletedItemDoesNotHoldIt()
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie, "clip.mp4");
        var published = await _api.Data.ContentAsync(org, creator, "Live", ContentType.Video, body: null);
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == published.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MediaId, media.Id));

        var conflict = await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", cookie);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await conflict.ErrorAsync()).Code);
        Assert.Single(fixture.FilesOf(org));
        await using (var db = fixture.Db())
        {
            Assert.True(await db.Media.AnyAsync(m => m.Id == media.Id));
            await db.Content.Where(c => c.Id == published.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, fixture.Clock.GetUtcNow()));
        }
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", cookie)).StatusCode);
    }

    // Issue 11: the buyers of an unpublished or deleted item keep playing it (CONTRACT.md, DELETE /api/content), so its
    // file stays while anyone holds it: a completed, unrefunded purchase or a complimentary grant.
    [Theory]
    [InlineData(ContentStatus.Draft, false, "purchase", HttpStatusCode.Conflict)]
    [InlineData(ContentStatus.Published, true, "purchase", HttpStatusCode.Conflict)]
    [InlineData(ContentStatus.Draft, true, "grant", HttpStatusCode.Conflict)]
    [InlineData(ContentStatus.Draft, true, "refunded", HttpStatusCode.NoContent)]
    [InlineData(ContentStatus.Draft, false, "pending", HttpStatusCode.NoContent)]
    public async Task Delete_WhileABuyerOfAnItemUsingItKeepsAccess_Is409_WhateverTheItemsState(ContentStatus status, bool deleted,
        string holding, HttpStatusCode expected)
    {
        var (org, creator, cookie) = await _api.StudioAsync();
        var media = await UploadedAsync(org, cookie, "clip.mp4");
        var item = await _api.Data.ContentAsync(org, creator, "Bought", ContentType.Video, AccessType.Paid, status, deleted: deleted, body: null);
        var buyer = await _api.Data.UserAsync();
        await _api.Data.PurchaseAsync(buyer, item, holding switch
        {
            "refunded" => PurchaseStatus.Refunded, "pending" => PurchaseStatus.Pending, _ => PurchaseStatus.Completed,
        });
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MediaId, media.Id));
            if (holding == "grant")
                await db.Purchases.Where(p => p.ContentId == item.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceCents, 0)
                    .SetProperty(p => p.GrantedById, creator.Id));
        }

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", cookie);

        Assert.Equal(expected, response.StatusCode);
        await using var check = fixture.Db();
        Assert.Equal(expected == HttpStatusCode.Conflict, await check.Media.AnyAsync(m => m.Id == media.Id));
        if (expected != HttpStatusCode.Conflict) return;
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        if (status != ContentStatus.Published) Assert.Contains("bought", error.Message, StringComparison.Ordinal);
        Assert.Single(fixture.FilesOf(org));
    }

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.Customer)]
    [InlineData(Who.Member)]
    [InlineData(Who.OwnerOfAnother)]
    [InlineData(Who.Creator)]
    [InlineData(Who.Admin)]
    [InlineData(Who.Owner)]
    [InlineData(Who.PlatformAdmin)]
    public async Task Delete_ByCaller_AnswersByTheirRoleInTheOrganization(Who who)
    {
        var org = await _api.Data.OrganizationAsync();
        var media = await _api.Data.MediaAsync(org, await _api.Data.UserAsync());
        var path = Path.Combine(fixture.DataPath, "media", media.StorageKey);

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", await _api.CookieAsync(org, who));

        var status = Expected(who, HttpStatusCode.NoContent);
        Assert.Equal(status, response.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(status != HttpStatusCode.NoContent, await db.Media.AnyAsync(m => m.Id == media.Id));
        Assert.Equal(status != HttpStatusCode.NoContent, File.Exists(path));
    }

    [Fact]
    public async Task Delete_AFileWhoseKeyAnotherRowShares_KeepsTheFile()
    {
        var org = await _api.Data.OrganizationAsync();
        var user = await _api.Data.UserAsync();
        var media = await _api.Data.MediaAsync(org, user);
        var twin = await _api.Data.MediaAsync(org, user);
        await using (var db = fixture.Db())
            await db.Media.Where(m => m.Id == twin.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.StorageKey, media.StorageKey));

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/media/{media.Id}", await _api.CookieAsync(org, Who.Owner));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "media", media.StorageKey))); // demo media share their files
    }
}
