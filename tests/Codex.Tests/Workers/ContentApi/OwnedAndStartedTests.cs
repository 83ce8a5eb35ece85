using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// Issue 15 (ADR 033): <c>GET /api/access/user/owned</c>, the items a caller owns (item 4), and progress that says only
/// that a page was open, which must not make an item "started" (item 1).
/// </summary>
[Collection(ContentAccessCollection.Name)]
public sealed class OwnedAndStartedTests(ContentAccessFixture fixture)
{
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    private async Task<IReadOnlyList<Guid>> OwnedAsync(Data.User user)
    {
        var response = await _api.GetAsync(ContentRoutes.Owned, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<OwnedContentDto>>()).Data.ContentIds;
    }

    private async Task<PagedList<LibraryItemDto>> LibraryAsync(Data.User user, string query = "")
    {
        var response = await _api.GetAsync(ContentRoutes.Library + query, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<LibraryItemDto>>();
    }

    private async Task<PlaybackProgressDto?> ProgressAsync(Guid id, Data.User user) =>
        (await (await _api.GetAsync($"/api/access/content/{id}/progress", user)).ReadAsync<DataEnvelope<ProgressDto>>()).Data.Progress;

    private Task<HttpResponseMessage> SaveAsync(Guid id, Data.User user, object body) =>
        _api.SendAsync(HttpMethod.Post, $"/api/access/content/{id}/progress", user, JsonContent.Create(body));

    // Issue 15, item 4.
    [Fact]
    public async Task Owned_ListsCompletedUnrefundedPurchases_OfTheCallerOnly()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var buyer = await Data.UserAsync();
        var other = await Data.UserAsync();
        var bought = await Data.ContentAsync(org, author, "Bought", ContentType.Video, AccessType.Paid);
        var unpublished = await Data.ContentAsync(org, author, "Bought then unpublished", ContentType.Audio, AccessType.Paid,
            status: ContentStatus.Archived);
        var refunded = await Data.ContentAsync(org, author, "Refunded", ContentType.Video, AccessType.Paid);
        var pending = await Data.ContentAsync(org, author, "Pending", ContentType.Video, AccessType.Paid);
        var othersPurchase = await Data.ContentAsync(org, author, "Someone else's", ContentType.Video, AccessType.Paid);
        var members = await Data.ContentAsync(org, author, "Members", ContentType.Written, AccessType.Members);
        await Data.PurchaseAsync(buyer, bought);
        await Data.PurchaseAsync(buyer, unpublished);
        await Data.PurchaseAsync(buyer, refunded, PurchaseStatus.Refunded);
        await Data.PurchaseAsync(buyer, pending, PurchaseStatus.Pending);
        await Data.PurchaseAsync(other, othersPurchase);
        await Data.MembershipAsync(org, buyer, MemberRole.Member);

        var owned = await OwnedAsync(buyer);

        Assert.Equal(new[] { bought.Id, unpublished.Id }.Order(), owned.Order());
        Assert.DoesNotContain(members.Id, owned); // access by membership is not ownership
        Assert.Equal([othersPurchase.Id], await OwnedAsync(other));
        Assert.Empty(await OwnedAsync(await Data.UserAsync()));
    }

    [Fact]
    public async Task Owned_Anonymous_401_ExpiredSession_401()
    {
        var user = await Data.UserAsync();
        var expired = await Data.SessionCookieAsync(user, TimeSpan.FromSeconds(-1));

        var anonymous = await _api.GetAsync(ContentRoutes.Owned);
        var stale = await _api.GetAsync(ContentRoutes.Owned, configure: r => r.Headers.Add("Cookie", expired));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await anonymous.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await stale.ErrorAsync()).Code);
    }

    // Issue 15, item 1: what a player sent when a page was only opened is not a start.
    [Fact]
    public async Task Progress_FirstSaveAtZero_StoresNothing_AndTheItemIsNotInTheLibrary()
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync());
        var user = await Data.UserAsync();

        var saved = await SaveAsync(item.Id, user, new { positionSeconds = 0, durationSeconds = 8 });

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Null(await ProgressAsync(item.Id, user));
        Assert.Empty((await LibraryAsync(user)).Items);
        Assert.Empty((await LibraryAsync(user, "?filter=in_progress")).Items);
    }

    [Fact]
    public async Task Progress_SavedAfterPlaying_ThenStartedOver_KeepsTheRowAtZero()
    {
        var org = await Data.OrganizationAsync();
        var (item, _) = await Data.VideoAsync(org, await Data.UserAsync());
        var user = await Data.UserAsync();

        await SaveAsync(item.Id, user, new { positionSeconds = 3, durationSeconds = 8 });
        var inProgress = await LibraryAsync(user, "?filter=in_progress");
        var restarted = await SaveAsync(item.Id, user, new { positionSeconds = 0, durationSeconds = 8 });

        Assert.Equal([item.Id], inProgress.Items.Select(i => i.Content.Id));
        Assert.Equal(HttpStatusCode.NoContent, restarted.StatusCode);
        Assert.Equal(0, (await ProgressAsync(item.Id, user))!.PositionSeconds);
    }

    [Fact]
    public async Task Library_ProgressRowAtZero_LeftByAnEarlierPlayer_IsNotStarted()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var glanced = await Data.ContentAsync(org, author, "Glanced at", ContentType.Video);
        var boughtAndGlanced = await Data.ContentAsync(org, author, "Bought, glanced at", ContentType.Video, AccessType.Paid);
        var finishedAtZero = await Data.ContentAsync(org, author, "Marked finished", ContentType.Video);
        await Data.PurchaseAsync(user, boughtAndGlanced);
        var at = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        await Data.ProgressAsync(user, glanced, 0, 100, false, at);
        await Data.ProgressAsync(user, boughtAndGlanced, 0, 100, false, at);
        await Data.ProgressAsync(user, finishedAtZero, 0, 100, true, at);

        var all = await LibraryAsync(user);
        var inProgress = await LibraryAsync(user, "?filter=in_progress");
        var notStarted = await LibraryAsync(user, "?filter=not_started");

        Assert.Equal(new[] { boughtAndGlanced.Id, finishedAtZero.Id }.Order(), all.Items.Select(i => i.Content.Id).Order());
        Assert.Null(all.Items.Single(i => i.Content.Id == boughtAndGlanced.Id).Progress);
        Assert.Empty(inProgress.Items);
        Assert.Equal([boughtAndGlanced.Id], notStarted.Items.Select(i => i.Content.Id));
    }
}
