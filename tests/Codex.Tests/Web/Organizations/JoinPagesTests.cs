using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Organizations;

/// <summary>
/// Joining and leaving from an organization's space and from a members-only item, without JavaScript: the button for
/// signed-in visitors, a sign-in link for anonymous ones (whose page stays publicly cacheable), what to do where
/// membership is by invitation, and the item playing once joined.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class JoinPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<(Data.Organization Org, Data.User Owner)> OrganizationAsync(bool? signups = null, string? supportEmail = null)
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Space Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        if (signups is not null)
        {
            await using var db = fixture.Db();
            db.OrganizationSettings.Add(new Data.OrganizationSettings { OrganizationId = org.Id, EnableSignups = signups.Value, SupportEmail = supportEmail });
            await db.SaveChangesAsync();
        }
        return (org, owner);
    }

    [Fact]
    public async Task Space_Anonymous_OffersSignInToJoin_AndStaysPubliclyCacheable()
    {
        var (org, _) = await OrganizationAsync();

        var response = await fixture.Client(Role.Site).GetAsync($"/o/{org.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        var panel = (await response.ParseAsync()).GetElementById(DomIds.JoinPanel)!;
        Assert.NotNull(panel.QuerySelector($"a[href='/login?redirect={Uri.EscapeDataString("/o/" + org.Slug)}']"));
        Assert.Null(panel.QuerySelector("form"));
    }

    [Fact]
    public async Task Space_SignedIn_Joins_ThenSeesLeave_ThenLeaves()
    {
        var (org, _) = await OrganizationAsync(signups: true);
        var visitor = await _data.UserAsync("Visitor");
        var browser = await StudioCast.BrowserAsync(fixture, visitor);

        var response = await browser.GetAsync($"/o/{org.Slug}");
        Assert.False(response.Headers.CacheControl!.Public);
        var page = await response.ParseAsync();
        Assert.Contains("(free)", page.GetElementById(DomIds.JoinForm)!.TextContent);
        var joined = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new());

        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.Equal($"/o/{org.Slug}", joined.Headers.Location!.ToString());
        var member = await browser.FollowAsync(joined);
        Assert.Contains($"You joined {org.Name}", member.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains("You are a member", member.GetElementById(DomIds.JoinPanel)!.TextContent);

        var left = await browser.SubmitAsync(member, $"#{DomIds.JoinPanel} form", new());
        var after = await browser.FollowAsync(left);
        Assert.Contains($"You left {org.Name}", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.NotNull(after.GetElementById(DomIds.JoinForm));
        await using var db = fixture.Db();
        Assert.False(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == visitor.Id));
    }

    [Fact]
    public async Task Space_TheLastOwnerLeaving_IsToldWhyNot_AsARefusal()
    {
        var (org, owner) = await OrganizationAsync();
        var browser = await StudioCast.BrowserAsync(fixture, owner);

        // An owner leaves from the studio's members page (after a confirmation), so the space links there instead of
        // offering a one-click Leave; a leave posted by hand is still refused, as a refusal, not as a success.
        var page = await browser.PageAsync($"/o/{org.Slug}");
        Assert.Null(page.QuerySelector($"#{DomIds.JoinPanel} form"));
        Assert.NotNull(page.QuerySelector($"#{DomIds.JoinPanel} a[href='/studio/{org.Slug}/members']"));
        var leave = new HttpRequestMessage(HttpMethod.Post, $"/o/{org.Slug}/leave")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! }),
        };
        var response = await browser.SendAsync(leave);

        var after = await browser.FollowAsync(response);
        Assert.Contains("needs an owner", after.GetElementById(DomIds.FlashRefusal)!.TextContent);
        Assert.Null(after.GetElementById(DomIds.Flash));
        await using var db = fixture.Db();
        Assert.True(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == owner.Id));
    }

    [Theory]
    [InlineData("support@invite-only.example", "contact support@invite-only.example")]
    [InlineData(null, "Ask someone who runs")]
    public async Task Space_WithSignupsOff_SaysMembershipIsByInvitation(string? support, string expected)
    {
        var (org, _) = await OrganizationAsync(signups: false, supportEmail: support);
        var browser = await StudioCast.BrowserAsync(fixture, await _data.UserAsync());

        var panel = (await browser.PageAsync($"/o/{org.Slug}")).GetElementById(DomIds.JoinPanel)!;

        Assert.Contains("by invitation", panel.TextContent);
        Assert.Contains(expected, panel.TextContent);
        Assert.Null(panel.QuerySelector("form"));
    }

    [Fact]
    public async Task Join_WithSignupsOff_IsRefusedWithAFlash_EvenIfPostedByHand()
    {
        var (org, _) = await OrganizationAsync(signups: true);
        var visitor = await _data.UserAsync();
        var browser = await StudioCast.BrowserAsync(fixture, visitor);
        var page = await browser.PageAsync($"/o/{org.Slug}");
        await using (var db = fixture.Db())
        {
            await db.OrganizationSettings.Where(s => s.OrganizationId == org.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EnableSignups, false));
        }

        var response = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new());

        Assert.Contains("by invitation", (await browser.FollowAsync(response)).GetElementById(DomIds.FlashRefusal)!.TextContent);
        await using var check = fixture.Db();
        Assert.False(await check.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == visitor.Id));
    }

    [Fact]
    public async Task MembersOnlyItem_SignedIn_JoinsFromTheItem_AndItThenPlays()
    {
        var (org, owner) = await OrganizationAsync(signups: true);
        var (item, _) = await _data.VideoAsync(org, owner, AccessType.Members, "Members-only film");
        var browser = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Joiner"));
        var path = $"/o/{org.Slug}/content/{item.Slug}";

        var page = await browser.PageAsync(path);
        Assert.Null(page.GetElementById(DomIds.Player));
        Assert.Contains($"members of {org.Name}", page.QuerySelector(".access-notice")!.TextContent);
        var response = await browser.SubmitAsync(page, $"#{DomIds.JoinForm}", new());

        Assert.Equal(path, response.Headers.Location!.ToString());
        var playing = await browser.FollowAsync(response);
        Assert.Contains($"You joined {org.Name}", playing.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Matches("/media/", playing.QuerySelector($"#{DomIds.Player} video")!.GetAttribute("src"));
        Assert.Null(playing.QuerySelector(".access-notice"));
    }

    [Fact]
    public async Task MembersOnlyItem_Anonymous_OffersSignInToJoin_PubliclyCacheable()
    {
        var (org, owner) = await OrganizationAsync();
        var item = await _data.ContentAsync(org, owner, "Members essay", access: AccessType.Members);

        var response = await fixture.Client(Role.Site).GetAsync($"/o/{org.Slug}/content/{item.Slug}");

        Assert.True(response.Headers.CacheControl!.Public);
        var notice = (await response.ParseAsync()).QuerySelector(".access-notice")!;
        Assert.NotNull(notice.QuerySelector($"#{DomIds.JoinPanel} a[href^='/login?redirect=']"));
        Assert.Null(notice.QuerySelector("form"));
    }

    [Fact]
    public async Task MembersOnlyItem_WithSignupsOff_SaysPlainlyHowToGetAccess()
    {
        var (org, owner) = await OrganizationAsync(signups: false, supportEmail: "hello@closed.example");
        var item = await _data.ContentAsync(org, owner, "Closed essay", access: AccessType.Members);
        var browser = await StudioCast.BrowserAsync(fixture, await _data.UserAsync());

        var notice = (await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}")).QuerySelector(".access-notice")!;

        Assert.Contains("by invitation", notice.TextContent);
        Assert.NotNull(notice.QuerySelector("a[href='mailto:hello@closed.example']"));
        Assert.Null(notice.QuerySelector("form"));
    }

    [Fact]
    public async Task DemoData_HasAnOrganizationWithSignupsOff()
    {
        await using var db = fixture.Db();
        var fieldnotes = await db.Organizations.Include(o => o.Settings).SingleAsync(o => o.Slug == "fieldnotes-press");

        Assert.False(fieldnotes.Settings!.EnableSignups);
        Assert.True(await db.OrganizationSettings.AnyAsync(s => s.EnableSignups));
    }
}
