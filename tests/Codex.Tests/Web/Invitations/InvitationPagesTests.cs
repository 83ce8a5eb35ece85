using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Invitations;

/// <summary>
/// /invitations/accept?token= for every kind of visitor, without JavaScript: signed out (sign in or register and come
/// back), the invited account (accept, then the studio or the space), another account (which address, how to switch),
/// links that no longer work; and a new account registered from the page lands back on it after verifying.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class InvitationPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private static string Path(string token) => "/invitations/accept?token=" + Uri.EscapeDataString(token);

    /// <summary>An organization whose owner invites <paramref name="email"/>; the link's token from the mail.</summary>
    private async Task<(Data.Organization Org, string Token)> InvitedAsync(string email, string role = "creator")
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Inviting Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var browser = await StudioCast.BrowserAsync(fixture, owner);
        var page = await browser.PageAsync($"/studio/{org.Slug}/members");
        var sent = await browser.SubmitAsync(page, $"#{DomIds.InviteForm}", new() { ["Email"] = email, ["Role"] = role });
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        return (org, await Mailbox.LatestTokenAsync(fixture, email, "invitations/accept"));
    }

    [Fact]
    public async Task SignedOut_SaysWhatTheInvitationIs_AndOffersSignInAndRegister_LeadingBack()
    {
        var email = $"invitee-{Guid.NewGuid():N}@example.test";
        var (org, token) = await InvitedAsync(email);

        var response = await fixture.Client(Role.Site).GetAsync(Path(token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.CacheControl.Public);
        var page = await response.ParseAsync();
        Assert.Equal($"Join {org.Name} | Codex", page.Title);
        var box = page.GetElementById(DomIds.Invitation)!;
        Assert.Contains("as a creator", box.TextContent);
        Assert.Contains("i•••@example.test", box.TextContent);
        Assert.DoesNotContain(email, box.TextContent);
        var back = Uri.EscapeDataString(Path(token));
        Assert.NotNull(box.QuerySelector($"a[href='/login?redirect={back}']"));
        Assert.NotNull(box.QuerySelector($"a[href='/register?redirect={back}']"));
        Assert.Null(box.QuerySelector("form"));
    }

    [Fact]
    public async Task TheInvitedAccount_Accepts_AndLandsInTheStudio_AsACreator()
    {
        var invitee = await _data.UserAsync("Invited Creator");
        var (org, token) = await InvitedAsync(invitee.Email, "creator");
        var browser = await StudioCast.BrowserAsync(fixture, invitee);

        var page = await browser.PageAsync(Path(token));
        var response = await browser.SubmitAsync(page, $"#{DomIds.AcceptInvitationForm}", new());

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/studio/{org.Slug}", response.Headers.Location!.ToString());
        var studio = await browser.FollowAsync(response);
        Assert.Contains($"Welcome to {org.Name}! You are a creator now.", studio.GetElementById(DomIds.Flash)!.TextContent);
        var again = await browser.GetAsync(Path(token));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("used already", (await again.ParseAsync()).GetElementById(DomIds.Invitation)!.TextContent);
    }

    [Fact]
    public async Task AMember_Accepts_AndLandsInTheOrganizationsSpace()
    {
        var invitee = await _data.UserAsync("Invited Member");
        var (org, token) = await InvitedAsync(invitee.Email, "member");
        var browser = await StudioCast.BrowserAsync(fixture, invitee);

        var response = await browser.SubmitAsync(await browser.PageAsync(Path(token)), $"#{DomIds.AcceptInvitationForm}", new());

        Assert.Equal($"/o/{org.Slug}", response.Headers.Location!.ToString());
        var space = await browser.FollowAsync(response);
        Assert.Contains("You are a member now", space.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains("Leave", space.GetElementById(DomIds.JoinPanel)!.TextContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnotherAccount_IsToldWhichAddressWasInvited_AndHowToSwitch_InBothShapes(bool htmx)
    {
        var (org, token) = await InvitedAsync($"someone-{Guid.NewGuid():N}@example.test");
        var other = await _data.UserAsync("Wrong Person");
        var browser = await StudioCast.BrowserAsync(fixture, other);

        var response = htmx ? await browser.SendAsync(Html.Htmx(Path(token))) : await browser.GetAsync(Path(token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        var box = document.GetElementById(DomIds.Invitation)!;
        Assert.Contains(other.Email, box.TextContent);
        Assert.Contains("s•••@example.test", box.TextContent);
        var signOut = box.QuerySelector("form[action='/logout']")!;
        Assert.Equal(Path(token), signOut.QuerySelector("input[name=redirect]")!.GetAttribute("value"));
        Assert.Null(document.GetElementById(DomIds.AcceptInvitationForm));

        if (htmx) return;
        var signedOut = await browser.SubmitAsync(document, $"#{DomIds.Invitation} form[action='/logout']", new());
        Assert.Equal(Path(token), signedOut.Headers.Location!.ToString());
        var after = await browser.FollowAsync(signedOut);
        Assert.NotNull(after.GetElementById(DomIds.Invitation)!.QuerySelector("a[href^='/login?redirect=']"));
        await using var db = fixture.Db();
        Assert.False(await db.Memberships.AnyAsync(m => m.OrganizationId == org.Id && m.UserId == other.Id));
    }

    [Fact]
    public async Task Expired_Withdrawn_AndUnknownLinks_SaySo_With400()
    {
        var (org, expiredToken) = await InvitedAsync($"late-{Guid.NewGuid():N}@example.test");
        await using (var db = fixture.Db())
        {
            await db.Invitations.Where(i => i.OrganizationId == org.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddDays(-30)));
        }
        var client = fixture.Client(Role.Site);

        var expired = await client.GetAsync(Path(expiredToken));
        var unknown = await client.GetAsync(Path("nonsense"));
        var missing = await client.GetAsync("/invitations/accept");

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("expired", (await expired.ParseAsync()).GetElementById(DomIds.Invitation)!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("not valid", (await unknown.ParseAsync()).GetElementById(DomIds.Invitation)!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task ANewAccount_RegisteredFromTheInvitation_VerifiesAndLandsBackOnIt_ThenAccepts()
    {
        var email = $"brand-new-{Guid.NewGuid():N}@example.test";
        var (org, token) = await InvitedAsync(email, "admin");
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var invitation = await browser.PageAsync(Path(token));
        var registerUrl = invitation.GetElementById(DomIds.Invitation)!.QuerySelector("a[href^='/register']")!.GetAttribute("href")!;

        var register = await browser.PageAsync(registerUrl);
        Assert.Equal(Path(token), register.QuerySelector($"#{DomIds.RegisterForm} input[name=Redirect]")!.GetAttribute("value"));
        var registered = await browser.SubmitAsync(register, $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Brand New", ["Email"] = email, ["Password"] = "correct horse 9" });
        Assert.Contains("redirect=" + Uri.EscapeDataString(Path(token)), registered.Headers.Location!.ToString());
        var verifyLink = (await Mailbox.MessagesToAsync(fixture, email)).Select(m => m.Text).First(t => t.Contains("/verify-email?token="));
        var link = System.Text.RegularExpressions.Regex.Match(verifyLink, @"/verify-email\?token=[^\s]+").Value;
        Assert.Contains("&redirect=" + Uri.EscapeDataString(Path(token)), link);

        var verified = await browser.GetAsync(link);
        Assert.Equal(Path(token), verified.Headers.Location!.ToString());
        var accept = await browser.FollowAsync(verified);
        var accepted = await browser.SubmitAsync(accept, $"#{DomIds.AcceptInvitationForm}", new());

        Assert.Equal($"/studio/{org.Slug}", accepted.Headers.Location!.ToString());
        await using var db = fixture.Db();
        Assert.Equal(MemberRole.Admin, (await db.Memberships.Include(m => m.User).SingleAsync(m => m.OrganizationId == org.Id && m.User!.Email == email)).Role);
    }

    [Fact]
    public async Task Register_WithAForeignRedirect_IgnoresIt()
    {
        var page = await new SiteBrowser(fixture.System.SiteUrl).PageAsync("/register?redirect=" + Uri.EscapeDataString("//evil.example/x"));

        Assert.Equal("", page.QuerySelector($"#{DomIds.RegisterForm} input[name=Redirect]")!.GetAttribute("value") ?? "");
    }
}
