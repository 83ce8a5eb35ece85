using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

[Collection(ContentAccessCollection.Name)]
public sealed class LibraryTests(ContentAccessFixture fixture)
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

    /// <summary>
    /// A user who bought "Bravo" (not started) and "Alpha" (in progress, 30 %), completed free "Charlie", is a member
    /// of an organization with members-only "Delta"; plus things that must not show: a refunded purchase, a pending
    /// one, members-only content of another organization, a deleted free item with progress (a deleted item stays only
    /// for its buyers: see ManageContentTests), another user's progress.
    /// </summary>
    private async Task<(Data.User User, Data.Organization Org)> ArrangeAsync()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var other = await Data.UserAsync();
        var alpha = await Data.ContentAsync(org, author, "Alpha", ContentType.Video, AccessType.Paid, description: "first letter");
        var bravo = await Data.ContentAsync(org, author, "Bravo", ContentType.Audio, AccessType.Paid);
        var charlie = await Data.ContentAsync(org, author, "Charlie", ContentType.Video);
        var delta = await Data.ContentAsync(org, author, "Delta", ContentType.Written, AccessType.Members);
        var refunded = await Data.ContentAsync(org, author, "Refunded", ContentType.Video, AccessType.Paid);
        var pending = await Data.ContentAsync(org, author, "Pending", ContentType.Video, AccessType.Paid);
        var deleted = await Data.ContentAsync(org, author, "Deleted", ContentType.Video, deleted: true);
        var othersProgress = await Data.ContentAsync(org, author, "Others progress", ContentType.Video);
        var otherOrg = await Data.OrganizationAsync();
        await Data.ContentAsync(otherOrg, author, "Other org members", ContentType.Video, AccessType.Members);

        await Data.PurchaseAsync(user, alpha);
        await Data.PurchaseAsync(user, bravo);
        await Data.PurchaseAsync(user, refunded, PurchaseStatus.Refunded);
        await Data.PurchaseAsync(user, pending, PurchaseStatus.Pending);
        await Data.MembershipAsync(org, user, MemberRole.Member);
        await Data.ProgressAsync(user, alpha, 30, 100, false, T0.AddDays(2));
        await Data.ProgressAsync(user, charlie, 97, 100, true, T0.AddDays(3));
        await Data.ProgressAsync(other, othersProgress, 10, 100, false, T0);
        await Data.ProgressAsync(user, deleted, 10, 100, false, T0.AddDays(4));
        return (user, org);
    }

    [Fact]
    public async Task Library_All_PurchasesMembershipAndProgress_RecentFirst()
    {
        var (user, org) = await ArrangeAsync();

        var list = await ReadAsync(user);

        // Recent: by last progress (Charlie day 3, Alpha day 2), then purchase (Bravo, June 1), then publication (Delta).
        Assert.Equal(["Charlie", "Alpha", "Bravo", "Delta"], Titles(list));
        Assert.Equal(4, list.Pagination.Total);

        var alpha = list.Items.Single(i => i.Content.Title == "Alpha");
        Assert.Equal(org.Slug, alpha.Content.OrganizationSlug);
        Assert.Equal(ContentType.Video, alpha.Content.ContentType);
        Assert.Equal("first letter", alpha.Content.Description);
        Assert.Equal(500, alpha.Purchase!.PriceCents);
        Assert.NotNull(alpha.Purchase.PurchasedAt);
        Assert.Equal(30, alpha.Progress!.PercentComplete);
        Assert.False(alpha.Progress.Completed);
        Assert.Equal(T0.AddDays(2), alpha.Progress.UpdatedAt);

        var charlie = list.Items.Single(i => i.Content.Title == "Charlie");
        Assert.Null(charlie.Purchase);
        Assert.True(charlie.Progress!.Completed);
        Assert.Equal(97, charlie.Progress.PercentComplete);

        var delta = list.Items.Single(i => i.Content.Title == "Delta");
        Assert.Null(delta.Purchase);
        Assert.Null(delta.Progress);
    }

    [Theory]
    [InlineData("in_progress", new[] { "Alpha" })]
    [InlineData("completed", new[] { "Charlie" })]
    [InlineData("not_started", new[] { "Bravo", "Delta" })]
    [InlineData("all", new[] { "Alpha", "Bravo", "Charlie", "Delta" })]
    public async Task Library_Filter(string filter, string[] expected)
    {
        var (user, _) = await ArrangeAsync();

        var list = await ReadAsync(user, $"?filter={filter}&sort=title");

        Assert.Equal(expected, Titles(list));
        Assert.Equal(expected.Length, list.Pagination.Total);
    }

    [Fact]
    public async Task Library_SortTitle_SearchAndPaging()
    {
        var (user, _) = await ArrangeAsync();

        Assert.Equal(["Alpha", "Bravo", "Charlie", "Delta"], Titles(await ReadAsync(user, "?sort=title")));
        Assert.Equal(["Alpha"], Titles(await ReadAsync(user, "?search=LETTER")));
        Assert.Equal(["Bravo"], Titles(await ReadAsync(user, "?search=brav")));

        var page2 = await ReadAsync(user, "?sort=title&limit=3&page=2");
        Assert.Equal(["Delta"], Titles(page2));
        Assert.Equal(new Pagination(2, 3, 4, 2), page2.Pagination);
    }

    // Issue 11: a studio-made item has no picture of its own; its card shows its media's thumbnail, as the catalogue's.
    [Fact]
    public async Task Library_AnItemWithoutItsOwnPicture_ShowsItsMediasThumbnail()
    {
        var org = await Data.OrganizationAsync();
        var author = await Data.UserAsync();
        var user = await Data.UserAsync();
        var (studio, media) = await Data.VideoAsync(org, author, AccessType.Paid, "Studio made");
        var (own, ownMedia) = await Data.VideoAsync(org, author, AccessType.Paid, "Own picture");
        var (bare, _) = await Data.VideoAsync(org, author, AccessType.Paid, "No thumbnail yet");
        await using (var db = fixture.Db())
        {
            foreach (var m in new[] { media, ownMedia })
                (await db.Media.FindAsync(m.Id))!.ThumbnailKey = $"uploads/{org.Id:N}/{m.Id:N}/thumbnail.jpg";
            (await db.Content.FindAsync(own.Id))!.ThumbnailUrl = "/demo/thumb-1.jpg";
            await db.SaveChangesAsync();
        }
        foreach (var item in new[] { studio, own, bare }) await Data.PurchaseAsync(user, item);

        var cards = (await ReadAsync(user)).Items.ToDictionary(i => i.Content.Title, i => i.Content.ThumbnailUrl);

        Assert.Contains($"/media/{media.Id:D}/thumbnail?", cards["Studio made"], StringComparison.Ordinal);
        Assert.Equal("/demo/thumb-1.jpg", cards["Own picture"]);
        Assert.Null(cards["No thumbnail yet"]);
    }

    [Fact]
    public async Task Library_NewUser_IsEmpty()
    {
        var list = await ReadAsync(await Data.UserAsync());

        Assert.Empty(list.Items);
        Assert.Equal(new Pagination(1, 20, 0, 0), list.Pagination);
    }

    [Theory]
    [InlineData("?filter=watched", "filter")]
    [InlineData("?sort=newest", "sort")]
    [InlineData("?search=a", "search")]
    [InlineData("?page=0", "page")]
    [InlineData("?limit=101", "limit")]
    public async Task Library_BadQuery_400(string query, string field)
    {
        var response = await _api.GetAsync("/api/access/user/library" + query, await Data.UserAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Library_Anonymous_401()
    {
        var response = await _api.GetAsync("/api/access/user/library");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }
}
