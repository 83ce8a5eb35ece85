using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi.Members;

/// <summary>
/// Invitations: sending (mail through the outbox), listing, withdrawing, previewing and accepting a link, for existing
/// and new accounts, the wrong account, expired, used and withdrawn links.
/// </summary>
[Collection(MembersCollection.Name)]
public sealed class InvitationsTests(MembersFixture fixture)
{
    private readonly MembersApi _api = new(fixture);

    private static string NewEmail() => $"invitee-{Guid.NewGuid():N}@example.test";

    private static async Task<string> ReasonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.InvalidToken, error.Code);
        return ((JsonElement)error.Details!).GetProperty("reason").GetString()!;
    }

    private async Task<List<InvitationDto>> PendingAsync(Data.Organization org, string cookie)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"/api/organizations/{org.Id}/invitations", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<List<InvitationDto>>>()).Data;
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Created, null)]
    [InlineData(Who.Owner, HttpStatusCode.Created, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.Created, null)]
    public async Task Post_Invitation_ByCaller_AnswersByTheirRole_AndOnlyThenMails(Who who, HttpStatusCode status, string? code)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);
        var email = NewEmail();

        var response = await _api.InviteAsync(org, email, "creator", cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        Assert.Equal(status == HttpStatusCode.Created ? 1 : 0, (await Mailbox.MessagesToAsync(fixture, email)).Count);
    }

    [Fact]
    public async Task Post_Invitation_Returns201_AndMailsASingleUseLinkToTheSite_Valid7Days()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var email = NewEmail();
        var before = fixture.Clock.GetUtcNow();

        var response = await _api.InviteAsync(org, "  " + email.ToUpperInvariant(), "admin", ownerCookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = (await response.ReadAsync<DataEnvelope<InvitationDto>>()).Data;
        Assert.Equal((org.Id, email, MemberRole.Admin, "First Owner"), (invitation.OrganizationId, invitation.Email, invitation.Role, invitation.InvitedByName));
        Assert.InRange(invitation.ExpiresAt - before, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
        var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
        Assert.Contains(org.Name, mail.Subject);
        Assert.Contains("First Owner invited you", mail.Text);
        Assert.Contains("as an admin", mail.Text);
        Assert.Contains("7 days", mail.Text);
        Assert.Matches(@"http://[^\s]+/invitations/accept\?token=[A-Za-z0-9_-]{43}", mail.Text);
        Assert.Contains("/invitations/accept?token=", mail.Html);
        var token = Mailbox.TokenOf(mail.Text, "invitations/accept");
        await using var db = fixture.Db();
        var stored = await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id);
        Assert.NotEqual(token, stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
    }

    [Theory]
    [InlineData("not-an-email", "member", "email")]
    [InlineData("", "member", "email")]
    [InlineData("someone@example.test", null, "role")]
    [InlineData("someone@example.test", "boss", "role")]
    [InlineData("someone@example.test", "owner", "role")]
    public async Task Post_Invitation_WithAnInvalidField_Returns400WithThatFieldError(string email, string? role, string field)
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();

        var response = await _api.SendAsync(HttpMethod.Post, $"/api/organizations/{org.Id}/invitations", ownerCookie, new { email, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Invitation_ForSomeoneAlreadyAMember_Returns409()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (member, _) = await _api.MemberAsync(org, MemberRole.Member);

        var response = await _api.InviteAsync(org, member.Email, "creator", ownerCookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
        Assert.Empty(await Mailbox.MessagesToAsync(fixture, member.Email));
    }

    [Fact]
    public async Task Post_Invitation_ToAnUnknownOrganization_Returns404()
    {
        var (_, cookie) = await _api.PersonAsync(role: UserRole.Admin);

        var response = await _api.SendAsync(HttpMethod.Post, $"/api/organizations/{Guid.NewGuid()}/invitations", cookie, new { email = NewEmail(), role = "member" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_Invitation_Again_ReplacesTheOldLink()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var email = NewEmail();
        var firstToken = await _api.InvitedAsync(org, ownerCookie, email, MemberRole.Member);
        fixture.Clock.Advance(Cooldown + TimeSpan.FromMinutes(1));

        var second = await _api.InviteAsync(org, email, "creator", ownerCookie);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var messages = await Mailbox.MessagesToAsync(fixture, email);
        Assert.Equal(2, messages.Count);
        var tokens = messages.Select(m => Mailbox.TokenOf(m.Text, "invitations/accept")).ToList();
        var secondToken = Assert.Single(tokens, t => t != firstToken);
        Assert.Equal(InvitationRules.Withdrawn, await ReasonAsync(await _api.PreviewAsync(firstToken)));
        var preview = (await (await _api.PreviewAsync(secondToken)).ReadAsync<DataEnvelope<InvitationPreviewDto>>()).Data;
        Assert.Equal(MemberRole.Creator, preview.Role);
        var pending = Assert.Single(await PendingAsync(org, ownerCookie));
        Assert.Equal((email, MemberRole.Creator), (pending.Email, pending.Role));
    }

    /// <summary>The default of <c>RateLimits__InvitationCooldownMinutes</c>.</summary>
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(10);

    private static async Task<int> RetryAfterAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        var seconds = ((JsonElement)error.Details!).GetProperty("retryAfterSeconds").GetInt32();
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        return seconds;
    }

    [Fact]
    public async Task Post_Invitation_ToTheSameAddressWithinTheCooldown_Is429_AndMailsNothingMore_ThenWorks()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var email = NewEmail();
        var firstToken = await _api.InvitedAsync(org, ownerCookie, email, MemberRole.Member);

        var again = await _api.InviteAsync(org, email, "creator", ownerCookie);

        Assert.InRange(await RetryAfterAsync(again), 1, (int)Cooldown.TotalSeconds);
        Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
        var preview = (await (await _api.PreviewAsync(firstToken)).ReadAsync<DataEnvelope<InvitationPreviewDto>>()).Data;
        Assert.Equal(MemberRole.Member, preview.Role); // the first link still works
        // Another organization may invite the same address at once.
        var (other, _, otherCookie) = await _api.OrganizationAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.InviteAsync(other, email, "member", otherCookie)).StatusCode);

        fixture.Clock.Advance(Cooldown + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await _api.InviteAsync(org, email, "creator", ownerCookie)).StatusCode);
    }

    [Fact]
    public async Task Post_Invitation_OverTheOrganizationsDailyQuota_Is429_WithTheWaitUntilTheOldestLeavesTheWindow()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        const int quota = 50; // the default of RateLimits__InvitationsPerOrganizationPerDay
        for (var i = 0; i < quota; i++)
            Assert.Equal(HttpStatusCode.Created, (await _api.InviteAsync(org, NewEmail(), "member", ownerCookie)).StatusCode);
        var email = NewEmail();

        var response = await _api.InviteAsync(org, email, "member", ownerCookie);

        Assert.InRange(await RetryAfterAsync(response), (int)TimeSpan.FromHours(23).TotalSeconds, (int)TimeSpan.FromDays(1).TotalSeconds);
        Assert.Empty(await Mailbox.MessagesToAsync(fixture, email));
        // Withdrawing gives nothing back: those mails went out.
        await using (var db = fixture.Db())
            await db.Invitations.Where(i => i.OrganizationId == org.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.RevokedAt, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _api.InviteAsync(org, email, "member", ownerCookie)).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await _api.InviteAsync(org, email, "member", ownerCookie)).StatusCode);
    }

    [Fact]
    public async Task Post_Invitation_ForASuspendedMember_Returns201_AndAcceptingMakesThemActiveAgain()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, cookie) = await _api.PersonAsync();
        await _api.Data.MembershipAsync(org, invitee, MemberRole.Member);
        await using (var db = fixture.Db())
            await db.Memberships.Where(m => m.OrganizationId == org.Id && m.UserId == invitee.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MembershipStatus.Suspended));

        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email, MemberRole.Creator);

        Assert.Equal(HttpStatusCode.OK, (await _api.AcceptAsync(token, cookie)).StatusCode);
        var membership = await _api.MembershipAsync(org, invitee.Id);
        Assert.Equal((MemberRole.Creator, MembershipStatus.Active), (membership!.Role, membership.Status));
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Get_Invitations_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var (org, _, _) = await _api.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.SendAsync(HttpMethod.Get, $"/api/organizations/{org.Id}/invitations", cookie);

        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.OK) Assert.Equal(who == Who.Anonymous ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Invitations_ListsOnlyPendingOnes_NewestFirst()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (accepter, accepterCookie) = await _api.PersonAsync("Accepter");
        var acceptedToken = await _api.InvitedAsync(org, ownerCookie, accepter.Email);
        Assert.Equal(HttpStatusCode.OK, (await _api.AcceptAsync(acceptedToken, accepterCookie)).StatusCode);
        var withdrawn = (await (await _api.InviteAsync(org, NewEmail(), "member", ownerCookie)).ReadAsync<DataEnvelope<InvitationDto>>()).Data;
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/invitations/{withdrawn.Id}", ownerCookie)).StatusCode);
        var older = NewEmail();
        var newer = NewEmail();
        await _api.InviteAsync(org, older, "member", ownerCookie);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await _api.InviteAsync(org, newer, "creator", ownerCookie);
        var (other, _, otherOwner) = await _api.OrganizationAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.InviteAsync(other, NewEmail(), "member", otherOwner)).StatusCode);

        var pending = await PendingAsync(org, ownerCookie);

        Assert.Equal([newer, older], pending.Select(i => i.Email));
        Assert.All(pending, i => Assert.Equal("First Owner", i.InvitedByName));
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.NoContent)]
    [InlineData(Who.Owner, HttpStatusCode.NoContent)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.NoContent)]
    public async Task Delete_Invitation_ByCaller_Withdraws_AndTheLinkNoLongerWorks(Who who, HttpStatusCode status)
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, inviteeCookie) = await _api.PersonAsync();
        var invitation = (await (await _api.InviteAsync(org, invitee.Email, "member", ownerCookie)).ReadAsync<DataEnvelope<InvitationDto>>()).Data;
        var token = await _api.InvitationTokenAsync(invitee.Email);
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/invitations/{invitation.Id}", cookie);

        Assert.Equal(status, response.StatusCode);
        var accept = await _api.AcceptAsync(token, inviteeCookie);
        if (status == HttpStatusCode.NoContent)
        {
            Assert.Equal(InvitationRules.Withdrawn, await ReasonAsync(accept));
            Assert.Null(await _api.MembershipAsync(org, invitee.Id));
        }
        else Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
    }

    [Fact]
    public async Task Delete_Invitation_Accepted_Is409_Twice_Is204_Unknown_Or_OtherOrganizations_Is404()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (other, _, otherOwner) = await _api.OrganizationAsync();
        var (invitee, inviteeCookie) = await _api.PersonAsync();
        var accepted = (await (await _api.InviteAsync(org, invitee.Email, "member", ownerCookie)).ReadAsync<DataEnvelope<InvitationDto>>()).Data;
        await _api.AcceptAsync(await _api.InvitationTokenAsync(invitee.Email), inviteeCookie);
        var pending = (await (await _api.InviteAsync(org, NewEmail(), "member", ownerCookie)).ReadAsync<DataEnvelope<InvitationDto>>()).Data;
        string Path(Data.Organization o, Guid id) => $"/api/organizations/{o.Id}/invitations/{id}";

        var ofAccepted = await _api.SendAsync(HttpMethod.Delete, Path(org, accepted.Id), ownerCookie);
        var first = await _api.SendAsync(HttpMethod.Delete, Path(org, pending.Id), ownerCookie);
        var second = await _api.SendAsync(HttpMethod.Delete, Path(org, pending.Id), ownerCookie);
        var unknown = await _api.SendAsync(HttpMethod.Delete, Path(org, Guid.NewGuid()), ownerCookie);
        var throughOther = await _api.SendAsync(HttpMethod.Delete, Path(other, pending.Id), otherOwner);
        var notUuid = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/invitations/x", ownerCookie);

        Assert.Equal(HttpStatusCode.Conflict, ofAccepted.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await ofAccepted.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, throughOther.StatusCode);
        Assert.Equal(["invitationId"], await notUuid.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Creator)]
    [InlineData(MemberRole.Member)]
    public async Task Accept_ByTheInvitedExistingAccount_GivesTheMembershipWithTheRole(MemberRole role)
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, cookie) = await _api.PersonAsync("Invitee");
        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email.ToUpperInvariant(), role);

        var response = await _api.AcceptAsync(token, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var membership = (await response.ReadAsync<DataEnvelope<MembershipDto>>()).Data;
        Assert.Equal((org.Id, org.Slug, role), (membership.Organization.Id, membership.Organization.Slug, membership.Role));
        var mine = (await (await _api.SendAsync(HttpMethod.Get, "/api/organizations/mine", cookie)).ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data;
        Assert.Equal(role, Assert.Single(mine).Role);
        await using var db = fixture.Db();
        var stored = await db.Invitations.AsNoTracking().SingleAsync(i => i.OrganizationId == org.Id);
        Assert.Equal(invitee.Id, stored.AcceptedById);
        Assert.NotNull(stored.AcceptedAt);
    }

    [Fact]
    public async Task Accept_ByANewAccountMadeAfterTheInvitation_Works()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var email = NewEmail();
        var token = await _api.InvitedAsync(org, ownerCookie, email);
        var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
        Assert.Contains("Hello " + email, mail.Text);
        var anonymousPreview = (await (await _api.PreviewAsync(token)).ReadAsync<DataEnvelope<InvitationPreviewDto>>()).Data;
        Assert.Null(anonymousPreview.ForCaller);
        // The account is registered only now (as the site's register page does), with the invited address.
        var user = await _api.Data.UserAsync("Newcomer");
        await using (var db = fixture.Db())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, email));
        }
        var cookie = await _api.Data.SessionCookieAsync(user);

        var response = await _api.AcceptAsync(token, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MemberRole.Creator, (await _api.MembershipAsync(org, user.Id))!.Role);
    }

    [Fact]
    public async Task Accept_ByAnotherAccount_Returns403NamingTheInvitedAddressMasked_AndLeavesTheLinkUsable()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, inviteeCookie) = await _api.PersonAsync();
        var (other, otherCookie) = await _api.PersonAsync();
        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email);

        var preview = (await (await _api.PreviewAsync(token, otherCookie)).ReadAsync<DataEnvelope<InvitationPreviewDto>>()).Data;
        var response = await _api.AcceptAsync(token, otherCookie);

        Assert.False(preview.ForCaller);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.Forbidden, error.Code);
        Assert.Contains("u•••@example.test", error.Message);
        Assert.DoesNotContain(invitee.Email, error.Message);
        Assert.Null(await _api.MembershipAsync(org, other.Id));
        Assert.Equal(HttpStatusCode.OK, (await _api.AcceptAsync(token, inviteeCookie)).StatusCode);
    }

    [Fact]
    public async Task Accept_Anonymous_Returns401()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var token = await _api.InvitedAsync(org, ownerCookie, NewEmail());

        var response = await _api.AcceptAsync(token, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Accept_AfterSevenDays_Is400Expired_ButJustBeforeWorks()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (late, lateCookie) = await _api.PersonAsync();
        var (early, earlyCookie) = await _api.PersonAsync();
        var lateToken = await _api.InvitedAsync(org, ownerCookie, late.Email);
        var earlyToken = await _api.InvitedAsync(org, ownerCookie, early.Email);

        fixture.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(10));
        var inTime = await _api.AcceptAsync(earlyToken, earlyCookie);
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var tooLate = await _api.AcceptAsync(lateToken, lateCookie);

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(InvitationRules.Expired, await ReasonAsync(tooLate));
        Assert.Equal(InvitationRules.Expired, await ReasonAsync(await _api.PreviewAsync(lateToken, lateCookie)));
        Assert.Null(await _api.MembershipAsync(org, late.Id));
    }

    [Fact]
    public async Task Accept_ALinkTwice_Is400Used_AndConcurrentlyOnlyOnceSucceeds()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, cookie) = await _api.PersonAsync();
        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _api.AcceptAsync(token, cookie)));
        var again = await _api.AcceptAsync(token, cookie);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) Assert.Equal(InvitationRules.Used, await ReasonAsync(refused));
        Assert.Equal(InvitationRules.Used, await ReasonAsync(again));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("no-such-token")]
    public async Task Accept_AnUnknownOrMissingToken_Is400Unknown(string? token)
    {
        var (_, cookie) = await _api.PersonAsync();

        Assert.Equal(InvitationRules.Unknown, await ReasonAsync(await _api.AcceptAsync(token, cookie)));
        Assert.Equal(InvitationRules.Unknown, await ReasonAsync(await _api.PreviewAsync(token)));
    }

    [Theory]
    [InlineData(MemberRole.Member, MemberRole.Creator, MemberRole.Creator)]
    [InlineData(MemberRole.Creator, MemberRole.Admin, MemberRole.Admin)]
    [InlineData(MemberRole.Admin, MemberRole.Member, MemberRole.Admin)]
    [InlineData(MemberRole.Owner, MemberRole.Creator, MemberRole.Owner)]
    public async Task Accept_BySomeoneAlreadyAMember_KeepsTheHigherRole(MemberRole current, MemberRole invited, MemberRole expected)
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, cookie) = await _api.PersonAsync();
        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email, invited);
        await _api.Data.MembershipAsync(org, invitee, current); // they joined after being invited

        var response = await _api.AcceptAsync(token, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await response.ReadAsync<DataEnvelope<MembershipDto>>()).Data.Role);
        Assert.Equal(expected, (await _api.MembershipAsync(org, invitee.Id))!.Role);
    }

    [Fact]
    public async Task Preview_ShowsTheOrganizationRoleAndMaskedAddress_AndWhetherItIsTheCallers()
    {
        var (org, _, ownerCookie) = await _api.OrganizationAsync();
        var (invitee, cookie) = await _api.PersonAsync();
        var token = await _api.InvitedAsync(org, ownerCookie, invitee.Email, MemberRole.Admin);

        var response = await _api.PreviewAsync(token, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.ReadAsync<DataEnvelope<InvitationPreviewDto>>()).Data;
        Assert.Equal((org.Id, org.Name, MemberRole.Admin, "u•••@example.test", true),
            (preview.Organization.Id, preview.Organization.Name, preview.Role, preview.EmailHint, preview.ForCaller));
        Assert.Null(await _api.MembershipAsync(org, invitee.Id)); // a preview uses nothing up
    }
}
