using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// /studio/{org}/members through HTTP: who may open it, the list with roles, change role, remove after a confirmation,
/// invite (inline errors keeping the input), withdraw, leave; each with plain forms (redirect and flash) and with htmx
/// (the panel fragment).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioMembersPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private static string Members(Data.Organization org) => $"/studio/{org.Slug}/members";

    private static IElement Row(IDocument page, Guid userId) =>
        page.GetElementById(DomIds.MembersTable)!.QuerySelector($"tr[data-user-id='{userId}']")!;

    private async Task<(Data.Organization Org, Data.User Owner, SiteBrowser Browser)> OwnerAsync(MemberRole role = MemberRole.Owner)
    {
        var cast = await StudioCast.ArrangeAsync(fixture, role);
        return (cast.Org, cast.Creator, cast.Browser);
    }

    private async Task<Data.Membership?> MembershipAsync(Data.Organization org, Guid userId)
    {
        await using var db = fixture.Db();
        return await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.OrganizationId == org.Id && m.UserId == userId);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Get_Members_ByCaller(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        if (await _data.CookieAsync(org, who) is { } cookie) browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);

        var response = await browser.GetAsync(Members(org));

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Found) Assert.StartsWith("/login?redirect=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Get_Members_FullPage_ListsMembersWithRoleSelects_InvitationsAndTheInviteForm_Privately()
    {
        var (org, owner, browser) = await OwnerAsync();
        var creator = await _data.UserAsync("Ann Creator");
        await _data.MembershipAsync(org, creator, MemberRole.Creator);

        var response = await browser.GetAsync(Members(org));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False(response.Headers.CacheControl!.Public);
        var page = await response.ParseAsync();
        Assert.Equal($"Members | {org.Name} studio | Codex", page.Title);
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        var row = Row(page, creator.Id);
        Assert.Equal("Ann Creator", row.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal(creator.Email, row.QuerySelector("td[data-label=Email]")!.TextContent.Trim());
        var roleForm = row.QuerySelector("form")!;
        Assert.Equal("post", roleForm.GetAttribute("method"));
        Assert.Equal($"{Members(org)}/{creator.Id}/role", roleForm.GetAttribute("action"));
        Assert.Equal($"#{DomIds.MembersPanel}", roleForm.GetAttribute("hx-target"));
        Assert.NotNull(roleForm.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("creator", roleForm.QuerySelector("option[selected]")!.GetAttribute("value"));
        Assert.NotNull(row.QuerySelector($"label[for=role-{creator.Id:N}]"));
        Assert.Equal(["owner", "admin", "creator", "member"], roleForm.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Contains("Leave this organization", Row(page, owner.Id).TextContent);
        var invite = page.GetElementById(DomIds.InviteForm)!;
        Assert.Equal($"{Members(org)}/invite", invite.GetAttribute("action"));
        Assert.NotNull(page.QuerySelector("label[for=f-email]"));
        Assert.NotNull(page.QuerySelector("label[for=f-invite-role]"));
        Assert.Equal(["admin", "creator", "member"], invite.QuerySelectorAll("#f-invite-role option").Select(o => o.GetAttribute("value")));
        Assert.Contains("No invitations", page.GetElementById(DomIds.PendingInvitations)!.TextContent);
    }

    [Fact]
    public async Task Get_Members_AsAnAdmin_OffersNoOwnerRole_AndNoControlsOnOwners()
    {
        var (org, _, browser) = await OwnerAsync(MemberRole.Admin);
        var owner = await _data.UserAsync("The Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var member = await _data.UserAsync("A Member");
        await _data.MembershipAsync(org, member, MemberRole.Member);

        var page = await browser.PageAsync(Members(org));

        Assert.Null(Row(page, owner.Id).QuerySelector("form"));
        Assert.DoesNotContain("Remove", Row(page, owner.Id).TextContent);
        Assert.Equal(["admin", "creator", "member"], Row(page, member.Id).QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public async Task Get_Members_AsHtmx_IsThePanelFragment()
    {
        var (org, _, browser) = await OwnerAsync();

        var response = await browser.SendAsync(Html.Htmx(Members(org)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, _) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<div id=\"{DomIds.MembersPanel}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Post_Role_Plain_RedirectsWithAFlash_AndTheRoleChanged()
    {
        var (org, _, browser) = await OwnerAsync();
        var member = await _data.UserAsync("Promoted Person");
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SubmitAsync(page, $"tr[data-user-id='{member.Id}'] form", new() { ["Role"] = "creator" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(Members(org), response.Headers.Location!.ToString());
        var after = await browser.FollowAsync(response);
        Assert.Contains("Promoted Person is now a creator", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal("creator", Row(after, member.Id).QuerySelector("option[selected]")!.GetAttribute("value"));
        Assert.Equal(MemberRole.Creator, (await MembershipAsync(org, member.Id))!.Role);
    }

    [Fact]
    public async Task Post_Role_AsHtmx_AnswersThePanelSayingSo()
    {
        var (org, _, browser) = await OwnerAsync();
        var member = await _data.UserAsync("Htmx Person");
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SendAsync(SiteBrowser.FormRequest(page, $"tr[data-user-id='{member.Id}'] form", new() { ["Role"] = "admin" }, htmx: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.MembersPanel}\"", raw.TrimStart());
        Assert.Contains("Htmx Person is now an admin", fragment.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(MemberRole.Admin, (await MembershipAsync(org, member.Id))!.Role);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_Role_DemotingTheLastOwner_Is422WithTheReason_InBothShapes(bool htmx)
    {
        var (org, owner, browser) = await OwnerAsync();
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SendAsync(SiteBrowser.FormRequest(page, $"tr[data-user-id='{owner.Id}'] form", new() { ["Role"] = "member" }, htmx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        Assert.Contains("needs an owner", document.QuerySelector($"#{DomIds.MembersPanel} [role=alert]")!.TextContent);
        Assert.Equal(MemberRole.Owner, (await MembershipAsync(org, owner.Id))!.Role);
    }

    [Fact]
    public async Task Remove_ConfirmsFirst_ThenRemoves_WithoutJavaScript()
    {
        var (org, _, browser) = await OwnerAsync();
        var member = await _data.UserAsync("Leaving Soon");
        await _data.MembershipAsync(org, member, MemberRole.Creator);
        var page = await browser.PageAsync(Members(org));
        var link = Row(page, member.Id).QuerySelector("a[href$='/remove']")!.GetAttribute("href")!;

        var confirm = await browser.PageAsync(link);
        var response = await browser.SubmitAsync(confirm, $"#{DomIds.RemoveConfirm} form", new());

        Assert.Contains("Remove Leaving Soon?", confirm.QuerySelector("h2")!.TextContent);
        Assert.Equal("alertdialog", confirm.GetElementById(DomIds.RemoveConfirm)!.GetAttribute("role"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var after = await browser.FollowAsync(response);
        Assert.Contains("Leaving Soon is no longer a member", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Null(await MembershipAsync(org, member.Id));
    }

    [Fact]
    public async Task Remove_AsHtmx_TheConfirmBoxReplacesThePanel_AndThePostAnswersThePanel()
    {
        var (org, _, browser) = await OwnerAsync();
        var member = await _data.UserAsync("Htmx Leaver");
        await _data.MembershipAsync(org, member, MemberRole.Member);

        var confirm = await browser.SendAsync(Html.Htmx($"{Members(org)}/{member.Id}/remove"));
        var (confirmRaw, confirmFragment) = await confirm.ParseFragmentAsync();
        var response = await browser.SendAsync(SiteBrowser.FormRequest(confirmFragment, $"#{DomIds.RemoveConfirm} form", new(), htmx: true));

        Assert.StartsWith($"<div id=\"{DomIds.MembersPanel}\"", confirmRaw.TrimStart());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, fragment) = await response.ParseFragmentAsync();
        Assert.Contains("Htmx Leaver is no longer a member", fragment.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(await MembershipAsync(org, member.Id));
    }

    [Fact]
    public async Task Remove_SomeoneNotAMember_Is404()
    {
        var (org, _, browser) = await OwnerAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{Members(org)}/{Guid.NewGuid()}/remove")).StatusCode);
    }

    [Fact]
    public async Task Invite_Valid_MailsTheLink_AndListsItAsPending_ThenWithdraw()
    {
        var (org, _, browser) = await OwnerAsync();
        var email = $"new-{Guid.NewGuid():N}@example.test";
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SubmitAsync(page, $"#{DomIds.InviteForm}", new() { ["Email"] = email, ["Role"] = "creator" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var after = await browser.FollowAsync(response);
        Assert.Contains($"Invitation sent to {email}", after.GetElementById(DomIds.Flash)!.TextContent);
        var pending = after.GetElementById(DomIds.PendingInvitations)!;
        Assert.Contains(email, pending.TextContent);
        Assert.Contains("as creator", pending.TextContent);
        var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
        Assert.Contains(fixture.System.SiteUrl.ToString().TrimEnd('/') + "/invitations/accept?token=", mail.Text);

        var withdrawn = await browser.SubmitAsync(after, $"#{DomIds.PendingInvitations} form", new());
        var final = await browser.FollowAsync(withdrawn);
        Assert.Contains("Invitation withdrawn", final.GetElementById(DomIds.Flash)!.TextContent);
        Assert.DoesNotContain(email, final.GetElementById(DomIds.PendingInvitations)!.TextContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invite_Invalid_Is422WithInlineErrors_KeepingWhatWasTyped(bool htmx)
    {
        var (org, _, browser) = await OwnerAsync();
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SendAsync(SiteBrowser.FormRequest(page, $"#{DomIds.InviteForm}",
            new() { ["Email"] = "not an address", ["Role"] = "admin" }, htmx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        if (!htmx) Assert.NotNull(document.QuerySelector("header.site-header"));
        Assert.NotNull(document.QuerySelector("#f-email-error"));
        Assert.Equal("true", document.QuerySelector("#f-email")!.GetAttribute("aria-invalid"));
        Assert.Equal("not an address", document.QuerySelector("#f-email")!.GetAttribute("value"));
        Assert.Equal("admin", document.QuerySelector("#f-invite-role option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Invite_SomeoneAlreadyAMember_Is422SayingSo_KeepingTheAddress()
    {
        var (org, _, browser) = await OwnerAsync();
        var member = await _data.UserAsync();
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var page = await browser.PageAsync(Members(org));

        var response = await browser.SubmitAsync(page, $"#{DomIds.InviteForm}", new() { ["Email"] = member.Email, ["Role"] = "creator" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = await response.ParseAsync();
        Assert.Contains("already a member", document.GetElementById(DomIds.InviteForm)!.TextContent);
        Assert.Equal(member.Email, document.QuerySelector("#f-email")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invite_TheSameAddressTwiceInAFewMinutes_Is429SayingWhen_KeepingTheAddress(bool htmx)
    {
        var (org, _, browser) = await OwnerAsync();
        var email = $"again-{Guid.NewGuid():N}@example.test";
        var page = await browser.PageAsync(Members(org));
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(page, $"#{DomIds.InviteForm}", new() { ["Email"] = email, ["Role"] = "member" })).StatusCode);

        var response = await browser.SendAsync(SiteBrowser.FormRequest(page, $"#{DomIds.InviteForm}",
            new() { ["Email"] = email, ["Role"] = "creator" }, htmx));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        Assert.Contains("You can send a new invitation to this address in", document.GetElementById(DomIds.InviteForm)!.TextContent);
        Assert.Equal(email, document.QuerySelector("#f-email")!.GetAttribute("value"));
        Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_Members_PagesWithLinks_AndSearchesByNameOrEmail_InBothShapes(bool htmx)
    {
        var (org, _, browser) = await OwnerAsync();
        var people = new List<Data.User>();
        for (var i = 0; i < 21; i++)
        {
            var person = await _data.UserAsync($"Paged {i:D2}");
            await _data.MembershipAsync(org, person, MemberRole.Member);
            people.Add(person);
        }
        async Task<IDocument> GetAsync(string url)
        {
            var response = htmx ? await browser.SendAsync(Html.Htmx(url)) : await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        }

        var first = await GetAsync(Members(org));
        var next = first.QuerySelector(".pagination a[rel=next]")!;
        var second = await GetAsync(next.GetAttribute("href")!);
        var search = first.GetElementById(DomIds.MembersSearch)!;
        var found = await GetAsync(Members(org) + "?q=" + Uri.EscapeDataString(people[7].Email.ToUpperInvariant()));
        var tooShort = await GetAsync(Members(org) + "?q=p");

        Assert.Equal(22, first.QuerySelectorAll($"#{DomIds.MembersTable} tbody tr").Length + second.QuerySelectorAll($"#{DomIds.MembersTable} tbody tr").Length);
        Assert.Equal(20, first.QuerySelectorAll($"#{DomIds.MembersTable} tbody tr").Length);
        Assert.Contains("22 members", first.QuerySelector("#members-heading")!.TextContent);
        Assert.Equal(Members(org) + "?page=2", next.GetAttribute("href"));
        Assert.Equal($"#{DomIds.MembersPanel}", next.GetAttribute("hx-target"));
        Assert.Equal(("get", Members(org)), (search.GetAttribute("method"), search.GetAttribute("action")));
        Assert.NotNull(search.QuerySelector("label[for=f-members-q]"));
        Assert.Single(found.QuerySelectorAll($"#{DomIds.MembersTable} tbody tr"));
        Assert.NotNull(Row(found, people[7].Id));
        Assert.NotNull(tooShort.QuerySelector("#f-members-q-error"));
        Assert.Equal("p", tooShort.QuerySelector("#f-members-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_Members_WithAPageOutOfRange_Is400_NotAFailure()
    {
        var (org, _, browser) = await OwnerAsync();

        var response = await browser.GetAsync(Members(org) + "?page=1001");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Leave_FromTheMembersPage_LandsInTheStudioHome()
    {
        var (org, admin, browser) = await OwnerAsync(MemberRole.Admin);
        await _data.MembershipAsync(org, await _data.UserAsync(), MemberRole.Owner);

        var confirm = await browser.PageAsync($"{Members(org)}/{admin.Id}/remove");
        var response = await browser.SubmitAsync(confirm, $"#{DomIds.RemoveConfirm} form", new());

        Assert.Contains($"Leave {org.Name}?", confirm.QuerySelector("h2")!.TextContent);
        Assert.Equal("/studio", response.Headers.Location!.ToString());
        Assert.Null(await MembershipAsync(org, admin.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Members(org))).StatusCode);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRefused()
    {
        var (org, owner, browser) = await OwnerAsync();

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Members(org)}/invite")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.test", ["Role"] = "member" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = fixture.Db();
        Assert.False(await db.Invitations.AnyAsync(i => i.OrganizationId == org.Id));
    }
}
