using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// An owner invites a creator by email from the members page; the creator opens the mailed link, accepts, and
/// publishes an article. A visitor joins an organization from a members-only video, which then plays. Each with
/// JavaScript (htmx swaps the members panel) and without (plain forms, redirects and flash messages).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class MembersBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<IPage> SignedInAsync(Data.User user, bool javaScript)
    {
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await new TestData(site).SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);
        return page;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnOwnerInvitesACreator_WhoAcceptsAndPublishes(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var owner = await data.UserAsync("Olga Owner");
        await data.MembershipAsync(org, owner, MemberRole.Owner);
        var creator = await data.UserAsync("Carl Creator");
        var members = $"/studio/{org.Slug}/members";

        // The owner invites the creator's address as a creator.
        var ownerPage = await SignedInAsync(owner, javaScript);
        await ownerPage.GotoAsync(Url(members));
        await ownerPage.FillAsync("#f-email", creator.Email);
        await ownerPage.SelectOptionAsync("#f-invite-role", "creator");
        await ownerPage.ClickAsync($"#{DomIds.InviteForm} button[type=submit]");
        await Assertions.Expect(ownerPage.Locator($"#{DomIds.MembersPanel}, #{DomIds.Flash}").First).ToContainTextAsync($"Invitation sent to {creator.Email}");
        await Assertions.Expect(ownerPage.Locator($"#{DomIds.PendingInvitations}")).ToContainTextAsync(creator.Email);
        await ownerPage.Context.CloseAsync();

        // The creator follows the mailed link and accepts.
        var token = await Mailbox.LatestTokenAsync(site, creator.Email, "invitations/accept");
        var creatorPage = await SignedInAsync(creator, javaScript);
        await creatorPage.GotoAsync(Url("/invitations/accept?token=" + Uri.EscapeDataString(token)));
        await Assertions.Expect(creatorPage.Locator($"#{DomIds.Invitation} h1")).ToHaveTextAsync($"Join {org.Name}");
        await creatorPage.ClickAsync($"#{DomIds.AcceptInvitationForm} button[type=submit]");
        await creatorPage.WaitForURLAsync(new Regex($"/studio/{org.Slug}$"));
        await Assertions.Expect(creatorPage.Locator($"#{DomIds.Flash}")).ToContainTextAsync("You are a creator now");

        // ...and publishes.
        var title = "Invited piece " + Guid.NewGuid().ToString("N")[..6];
        await creatorPage.GotoAsync(Url($"/studio/{org.Slug}/content/new"));
        await creatorPage.FillAsync("#f-title", title);
        await creatorPage.FillAsync("#f-contentbody", "Written by an **invited** creator.");
        await creatorPage.ClickAsync("button:has-text('Create draft')");
        await creatorPage.WaitForURLAsync(new Regex(@"/content/[0-9a-f-]{36}/edit$"));
        await creatorPage.ClickAsync($"#{DomIds.ContentStatus} button:has-text('Publish')");
        await Assertions.Expect(creatorPage.Locator($"#{DomIds.ContentStatus} .badge")).ToHaveTextAsync("Published");
        await creatorPage.Context.CloseAsync();

        await using var db = site.Db();
        var item = await db.Content.SingleAsync(c => c.OrganizationId == org.Id && c.Title == title);
        Assert.Equal((ContentStatus.Published, creator.Id), (item.Status, item.CreatorId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AVisitorJoinsFromAMembersOnlyVideo_WhichThenPlays(bool javaScript)
    {
        string path;
        await using (var db = site.Db())
        {
            var item = await db.Content.Include(c => c.Organization)
                .Where(c => c.Organization!.Slug == "northwind-studio" && c.ContentType == ContentType.Video
                    && c.AccessType == AccessType.Members && c.Status == ContentStatus.Published)
                .OrderBy(c => c.Slug).FirstAsync();
            path = $"/o/{item.Organization!.Slug}/content/{item.Slug}";
        }
        var visitor = await new TestData(site).UserAsync("Joining Visitor");
        var page = await SignedInAsync(visitor, javaScript);

        await page.GotoAsync(Url(path));
        await Assertions.Expect(page.Locator($"#{DomIds.Player}")).ToHaveCountAsync(0);
        await page.ClickAsync($"#{DomIds.JoinForm} button[type=submit]");

        await page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("You joined Northwind Studio");
        var source = await page.Locator($"#{DomIds.Player} video").GetAttributeAsync("src");
        Assert.NotNull(source);
        if (javaScript) await page.WaitForFunctionAsync("() => document.querySelector('#player video').readyState >= 1");
        var media = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), source!).ToString());
        Assert.True(media.Ok, $"the media answered {media.Status}");
        await page.Context.CloseAsync();
    }
}
