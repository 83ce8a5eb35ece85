using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Contracts.Auth;
using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.OrganizationApi;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>DELETE /api/user/account</c>: its refusals, and what deleting leaves behind.</summary>
[Collection(IdentityCollection.Name)]
public sealed class DeleteAccountTests(IdentityFixture fixture)
{
    private readonly IdentityApi _api = new(fixture);

    private Task<HttpResponseMessage> DeleteAsync(string? cookie, string? confirmation = "DELETE", string? password = IdentityApi.Password) =>
        _api.SendAsync(HttpMethod.Delete, "/api/user/account", cookie, new DeleteAccountRequest(confirmation, password));

    private async Task<User> ReloadAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("DELETE ")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Delete_Account_WithoutTheExactWord_Returns400_AndKeepsTheAccount(string? word)
    {
        var (user, cookie) = await _api.PersonAsync();

        var response = await DeleteAsync(cookie, word);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("confirmation", await response.FieldErrorsAsync());
        Assert.Null((await ReloadAsync(user.Id)).DeletedAt);
    }

    [Fact]
    public async Task Delete_Account_Anonymous_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeleteAsync(null)).StatusCode);
    }

    [Fact]
    public async Task Delete_Account_WithAWrongPassword_Returns401InvalidCredentials_AndIsRateLimited()
    {
        var (user, cookie) = await _api.PersonAsync();

        var wrong = await DeleteAsync(cookie, password: "not-my-password-1");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await wrong.ErrorAsync()).Code);
        for (var i = 1; i < IdentityFixture.FailedPasswords; i++) await DeleteAsync(cookie, password: "not-my-password-1");
        var limited = await DeleteAsync(cookie); // even the right password waits now
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(ErrorCodes.RateLimited, (await limited.ErrorAsync()).Code);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Null((await ReloadAsync(user.Id)).DeletedAt);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/user/profile", cookie)).StatusCode);
    }

    [Fact]
    public async Task Delete_Account_WhileTheOnlyOwnerOfAnOrganization_Returns409_NamingIt()
    {
        var (user, cookie) = await _api.PersonAsync();
        var org = await _api.Data.OrganizationAsync();
        await _api.Data.MembershipAsync(org, user, MemberRole.Owner);
        var (admin, _) = await _api.PersonAsync();
        await _api.Data.MembershipAsync(org, admin, MemberRole.Admin); // an admin is not an owner

        var response = await DeleteAsync(cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Contains(org.Name, error.Message);
        Assert.Null((await ReloadAsync(user.Id)).DeletedAt);
    }

    [Fact]
    public async Task Delete_Account_WithACoOwner_OrOfADeletedOrganization_Succeeds_AndEndsTheMembership()
    {
        var (user, cookie) = await _api.PersonAsync();
        var shared = await _api.Data.OrganizationAsync();
        await _api.Data.MembershipAsync(shared, user, MemberRole.Owner);
        var (coOwner, _) = await _api.PersonAsync();
        await _api.Data.MembershipAsync(shared, coOwner, MemberRole.Owner);
        var gone = await _api.Data.OrganizationAsync();
        await _api.Data.MembershipAsync(gone, user, MemberRole.Owner);
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == gone.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.DeletedAt, DateTimeOffset.UtcNow));

        var response = await DeleteAsync(cookie);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var check = fixture.Db();
        Assert.False(await check.Memberships.AnyAsync(m => m.UserId == user.Id));
        Assert.True(await check.Memberships.AnyAsync(m => m.UserId == coOwner.Id && m.OrganizationId == shared.Id));
    }

    [Fact]
    public async Task Delete_Account_AnonymisesTheRow_EndsSessionsAtOnce_AndKeepsPurchasesForTheBooks()
    {
        var (user, cookie) = await _api.PersonAsync("Leaving Person");
        var otherSession = await _api.Data.SessionCookieAsync(user);
        var org = await _api.Data.OrganizationAsync();
        var (owner, ownerCookie) = await _api.PersonAsync("Org Owner");
        await _api.Data.MembershipAsync(org, owner, MemberRole.Owner);
        await _api.Data.MembershipAsync(org, user, MemberRole.Member);
        var item = await _api.Data.ContentAsync(org, owner, "Paid thing", access: AccessType.Paid);
        await _api.Data.PurchaseAsync(user, item);
        await _api.Data.ProgressAsync(user, item, 10, 100, false, DateTimeOffset.UtcNow);
        var handle = "leaving_" + Guid.NewGuid().ToString("N")[..8];
        await _api.DataAsync<ProfileDto>(await _api.SendAsync(HttpMethod.Patch, "/api/user/profile", cookie,
            new UpdateProfileFieldsRequest { Username = handle, Bio = "Bye.", WebsiteUrl = "https://example.com" }));
        var avatar = (await _api.DataAsync<ProfileDto>(await _api.SendAsync(HttpMethod.Post, "/api/user/avatar", cookie,
            content: LogoTests.Form(LogoTests.Fixture("logo.png"), "me.png", "image/png")))).AvatarUrl!;
        await using (var db = fixture.Db())
        {
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, Email = user.Email, Role = MemberRole.Creator, TokenHash = Guid.NewGuid().ToString("N"),
                InvitedById = owner.Id, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7), CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await using (var db = fixture.Db())
        {
            // A receipt still waiting in the outbox, and one already sent: neither may outlive the account.
            foreach (var status in new[] { OutgoingMailStatus.Pending, OutgoingMailStatus.Sent })
                db.OutgoingMail.Add(new OutgoingMail
                {
                    Id = Guid.NewGuid(), Template = "purchase-receipt", Recipient = user.Email, Status = status, Payload = "{}",
                    NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), CreatedAt = DateTimeOffset.UtcNow,
                });
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/user/profile", otherSession)).StatusCode);

        var response = await DeleteAsync(cookie);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("codex-session=;") && c.Contains("expires=Thu, 01 Jan 1970"));
        // Every session ends at once, in every worker.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/profile", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/profile", otherSession)).StatusCode);
        using var auth = fixture.Client(Role.Auth);
        var sessionRequest = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
        sessionRequest.Headers.Add("Cookie", otherSession);
        Assert.Null((await (await auth.SendAsync(sessionRequest)).ReadAsync<DataEnvelope<AuthSessionDto?>>()).Data);
        // The row stays, with nothing that says who it was.
        var row = await ReloadAsync(user.Id);
        Assert.NotNull(row.DeletedAt);
        Assert.Equal("Deleted user", row.Name);
        Assert.EndsWith("@deleted.invalid", row.Email);
        Assert.DoesNotContain(user.Email, row.Email);
        Assert.Equal((null, null, null, null), (row.Username, row.Bio, row.WebsiteUrl, row.AvatarKey));
        Assert.Equal(("", false), (row.PasswordHash, row.EmailVerified));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(avatar)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/users/{handle}")).StatusCode);
        await using (var db = fixture.Db())
        {
            Assert.False(await db.Sessions.AnyAsync(s => s.UserId == user.Id));
            Assert.False(await db.PlaybackProgress.AnyAsync(p => p.UserId == user.Id));
            Assert.False(await db.Memberships.AnyAsync(m => m.UserId == user.Id));
            // The invitation to the old address is revoked and no longer names it; no mail to it is left, sent or queued.
            Assert.False(await db.Invitations.AnyAsync(i => i.Email == user.Email));
            var invitation = await db.Invitations.AsNoTracking().SingleAsync(i => i.OrganizationId == org.Id);
            Assert.Equal(row.Email, invitation.Email);
            Assert.NotNull(invitation.RevokedAt);
            Assert.False(await db.OutgoingMail.AnyAsync(m => m.Recipient == user.Email));
            Assert.Equal(1, await db.Purchases.CountAsync(p => p.UserId == user.Id));
        }
        // The organization's books still count the purchase, its buyer shown as deleted.
        using var admin = fixture.Client(Role.AdminApi);
        var customersRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/organizations/{org.Id}/customers");
        customersRequest.Headers.Add("Cookie", ownerCookie);
        var customers = await (await admin.SendAsync(customersRequest)).ReadAsync<PagedList<OrganizationPurchaseDto>>();
        var sale = Assert.Single(customers.Items);
        Assert.Equal((user.Id, "Deleted user"), (sale.UserId, sale.UserName));
        Assert.DoesNotContain(user.Email, sale.UserEmail);
    }

    [Fact]
    public async Task Delete_Account_ThenTheOldEmail_SignsIntoNothing_AndCanRegisterANewAccount()
    {
        var (user, cookie) = await _api.PersonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(cookie)).StatusCode);

        var auth = new Codex.Tests.Workers.Auth.AuthApi(fixture);
        var login = await auth.LoginAsync(user.Email, IdentityApi.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await login.ErrorAsync()).Code);
        var again = await auth.RegisterAsync(user.Email, IdentityApi.Password);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(user.Id, (await again.ReadAsync<DataEnvelope<UserEnvelopeDto>>()).Data.User.Id);
    }

    [Theory]
    [InlineData("/api/user/account", "DELETE")]
    [InlineData("/api/user/email", "POST")]
    [InlineData("/api/user/email/confirm", "POST")]
    public async Task Identity_Writes_WithABodyThatIsNotJson_Return400InvalidJson(string path, string method)
    {
        var (_, cookie) = await _api.PersonAsync();

        var response = await _api.SendAsync(new HttpMethod(method), path, cookie,
            content: new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
