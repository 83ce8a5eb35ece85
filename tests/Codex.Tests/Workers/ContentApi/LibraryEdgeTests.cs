using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// The edges of the library's rule (ADR 025 rewrote its query to start from the caller's own purchases, progress and
/// memberships): what stays, what goes, that nothing is listed twice, and the order of ties.
/// </summary>
[Collection(ContentAccessCollection.Name)]
public sealed class LibraryEdgeTests(ContentAccessFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly AccessClient _api = new(fixture);
    private TestData Data => _api.Data;

    private async Task<PagedList<LibraryItemDto>> ReadAsync(Data.User user, string query = "")
    {
        var response = await _api.GetAsync("/api/access/user/library" + query, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<LibraryItemDto>>();
    }

    private static string[] Titles(PagedList<LibraryItemDto> list) => list.Items.Select(i => i.Content.Title).ToArray();

    [Fact]
    public async Task RefundedPurchase_WithProgress_IsNotListed()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var item = await Data.ContentAsync(org, author, "Refunded with progress", ContentType.Video, AccessType.Paid);
        await Data.PurchaseAsync(user, item, PurchaseStatus.Refunded);
        await Data.ProgressAsync(user, item, 40, 100, false, T0);

        var list = await ReadAsync(user);

        Assert.Empty(list.Items);
        Assert.Equal(0, list.Pagination.Total);
    }

    [Fact]
    public async Task BoughtItems_StayAfterBeingUnpublishedOrDeleted_OrTheirOrganizationDeleted()
    {
        var org = await Data.OrganizationAsync();
        var goneOrg = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var unpublished = await Data.ContentAsync(org, author, "Unpublished", ContentType.Video, AccessType.Paid);
        var deleted = await Data.ContentAsync(org, author, "Deleted", ContentType.Video, AccessType.Paid);
        var ofGoneOrg = await Data.ContentAsync(goneOrg, author, "Of a deleted organization", ContentType.Video, AccessType.Paid);
        foreach (var item in new[] { unpublished, deleted, ofGoneOrg }) await Data.PurchaseAsync(user, item);
        await Data.ProgressAsync(user, deleted, 10, 100, false, T0);
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == unpublished.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContentStatus.Archived));
            await db.Content.Where(c => c.Id == deleted.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, T0));
            await db.Organizations.Where(o => o.Id == goneOrg.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, T0));
        }

        var list = await ReadAsync(user, "?sort=title");

        Assert.Equal(["Deleted", "Of a deleted organization", "Unpublished"], Titles(list));
        Assert.All(list.Items, i => Assert.NotNull(i.Purchase));
        Assert.Equal(10, list.Items[0].Progress!.PositionSeconds);
    }

    [Fact]
    public async Task MembersOnlyItems_GoAfterLeaving_EvenWithProgress()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var watched = await Data.ContentAsync(org, author, "Members watched", ContentType.Video, AccessType.Members);
        await Data.ContentAsync(org, author, "Members unwatched", ContentType.Video, AccessType.Members);
        await Data.MembershipAsync(org, user, MemberRole.Member);
        await Data.ProgressAsync(user, watched, 10, 100, false, T0);
        Assert.Equal(["Members unwatched", "Members watched"], Titles(await ReadAsync(user, "?sort=title")));

        await using (var db = fixture.Db())
            await db.Memberships.Where(m => m.UserId == user.Id).ExecuteDeleteAsync();

        var list = await ReadAsync(user);
        Assert.Empty(list.Items);
        Assert.Equal(0, list.Pagination.Total);
    }

    [Fact]
    public async Task MembersOnlyItems_OfASuspendedMembership_OrUnpublished_AreNotListed()
    {
        var org = await Data.OrganizationAsync();
        var other = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        await Data.ContentAsync(org, author, "Members draft", ContentType.Video, AccessType.Members, ContentStatus.Draft);
        await Data.ContentAsync(org, author, "Members deleted", ContentType.Video, AccessType.Members, deleted: true);
        await Data.ContentAsync(other, author, "Suspended members", ContentType.Video, AccessType.Members);
        await Data.MembershipAsync(org, user, MemberRole.Member);
        await Data.MembershipAsync(other, user, MemberRole.Member);
        await using (var db = fixture.Db())
            await db.Memberships.Where(m => m.UserId == user.Id && m.OrganizationId == other.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Suspended));

        Assert.Empty((await ReadAsync(user)).Items);
    }

    [Fact]
    public async Task StaffProgress_OnAPaidItem_IsListedWithoutAPurchase_ButACustomersIsNot()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var staff = await Data.UserAsync();
        var customer = await Data.UserAsync();
        var item = await Data.ContentAsync(org, author, "Paid, watched by staff", ContentType.Video, AccessType.Paid);
        await Data.MembershipAsync(org, staff, MemberRole.Creator);
        await Data.ProgressAsync(staff, item, 50, 100, false, T0);
        await Data.ProgressAsync(author, item, 20, 100, false, T0);
        await Data.ProgressAsync(customer, item, 50, 100, false, T0); // progress without access (a purchase since refunded)

        var ofStaff = await ReadAsync(staff);
        var ofAuthor = await ReadAsync(author);

        var entry = Assert.Single(ofStaff.Items);
        Assert.Null(entry.Purchase);
        Assert.Equal(50, entry.Progress!.PercentComplete);
        Assert.Equal(20, Assert.Single(ofAuthor.Items).Progress!.PercentComplete); // the item's own creator
        Assert.Empty((await ReadAsync(customer)).Items);
    }

    [Fact]
    public async Task FreeItem_WithProgress_IsListed_AndOneWithoutIsNot()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var watched = await Data.ContentAsync(org, author, "Free watched", ContentType.Audio);
        await Data.ContentAsync(org, author, "Free unwatched", ContentType.Audio);
        await Data.ProgressAsync(user, watched, 100, 100, true, T0);

        var list = await ReadAsync(user, "?filter=completed");

        var entry = Assert.Single(list.Items);
        Assert.Equal("Free watched", entry.Content.Title);
        Assert.Null(entry.Purchase);
        Assert.True(entry.Progress!.Completed);
    }

    [Fact]
    public async Task AnItemBoughtInProgressAndMembersOnly_IsListedOnce_WithItsPurchaseAndProgress()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var item = await Data.ContentAsync(org, author, "Everything at once", ContentType.Video, AccessType.Members);
        await Data.MembershipAsync(org, user, MemberRole.Creator);
        await Data.PurchaseAsync(user, item);
        await Data.PurchaseAsync(user, item, PurchaseStatus.Refunded); // an older, refunded one besides
        await Data.ProgressAsync(user, item, 30, 100, false, T0);

        var list = await ReadAsync(user);

        var entry = Assert.Single(list.Items);
        Assert.Equal(1, list.Pagination.Total);
        Assert.NotNull(entry.Purchase);
        Assert.Equal(30, entry.Progress!.PercentComplete);
    }

    [Fact]
    public async Task SortRecent_Ties_AreBrokenByContentId()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        await Data.MembershipAsync(org, user, MemberRole.Member);
        // Three members-only items published at the same moment, two with progress saved at the same moment (later).
        var published = new List<Data.ContentItem>();
        for (var i = 0; i < 3; i++)
            published.Add(await Data.ContentAsync(org, author, "Published " + i, ContentType.Video, AccessType.Members, daysAgo: 5));
        var watched = new List<Data.ContentItem>();
        for (var i = 0; i < 2; i++)
        {
            var item = await Data.ContentAsync(org, author, "Watched " + i, ContentType.Video, AccessType.Members, daysAgo: 9);
            await Data.ProgressAsync(user, item, 10, 100, false, T0);
            watched.Add(item);
        }

        var list = await ReadAsync(user);

        var expected = watched.OrderBy(c => c.Id.ToString(), StringComparer.Ordinal).Concat(published.OrderBy(c => c.Id.ToString(), StringComparer.Ordinal)).Select(c => c.Title).ToArray();
        Assert.Equal(expected, Titles(list));
        var pages = new List<string>();
        for (var page = 1; page <= 3; page++) pages.AddRange(Titles(await ReadAsync(user, $"?limit=2&page={page}")));
        Assert.Equal(expected, pages);
    }
}
