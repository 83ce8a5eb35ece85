using System.Net;
using Codex.Contracts;
using Codex.Contracts.Identity;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>POST /api/user/email</c> and <c>POST /api/user/email/confirm</c>, end to end through the mail outbox.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ChangeEmailTests(IdentityFixture fixture)
{
    private const string ConfirmPath = "account/email/confirm";
    private readonly IdentityApi _api = new(fixture);

    private Task<HttpResponseMessage> RequestAsync(string? cookie, string newEmail, string password = IdentityApi.Password) =>
        _api.SendAsync(HttpMethod.Post, "/api/user/email", cookie, new ChangeEmailRequest(newEmail, password));

    private Task<HttpResponseMessage> ConfirmAsync(string token, string? cookie = null) =>
        _api.SendAsync(HttpMethod.Post, "/api/user/email/confirm", cookie, new ConfirmEmailChangeRequest(token));

    [Fact]
    public async Task ChangeEmail_EndToEnd_MailsTheNewAddress_ConfirmChangesIt_AndEndsOtherSessions()
    {
        var (user, cookie) = await _api.PersonAsync();
        var elsewhere = await _api.Data.SessionCookieAsync(user);
        var newEmail = AuthApi.NewEmail();

        var requested = await RequestAsync(cookie, "  " + newEmail.ToUpperInvariant() + " ");

        Assert.Equal(HttpStatusCode.NoContent, requested.StatusCode);
        var pending = await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie));
        Assert.Equal((user.Email, newEmail), (pending.Email, pending.PendingEmail));
        var token = await Mailbox.LatestTokenAsync(fixture, newEmail, ConfirmPath);
        Assert.Empty(await Mailbox.MessagesToAsync(fixture, user.Email));

        var confirmed = await ConfirmAsync(token, cookie);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        var profile = await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie));
        Assert.Equal((newEmail, (string?)null), (profile.Email, profile.PendingEmail));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/profile", elsewhere)).StatusCode);
        var auth = new AuthApi(fixture);
        Assert.Equal(HttpStatusCode.OK, (await auth.LoginAsync(newEmail, IdentityApi.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await auth.LoginAsync(user.Email, IdentityApi.Password)).StatusCode);
        var reused = await ConfirmAsync(token);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(ErrorCodes.InvalidToken, (await reused.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Confirm_RetiresThePasswordResetLinks_MailedToTheOldAddress()
    {
        var (user, cookie) = await _api.PersonAsync();
        var auth = new AuthApi(fixture);
        Assert.Equal(HttpStatusCode.NoContent,
            (await auth.PostAsync("/api/auth/email/send-reset-password-email", new { email = user.Email })).StatusCode);
        var resetToken = await Mailbox.LatestTokenAsync(fixture, user.Email, "reset-password");
        var newEmail = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(cookie, newEmail)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(await Mailbox.LatestTokenAsync(fixture, newEmail, ConfirmPath), cookie)).StatusCode);

        // Whoever holds the old mailbox cannot take the account back with the link mailed there.
        var reset = await auth.PostAsync("/api/auth/email/reset-password", new { token = resetToken, newPassword = "taken-over-1" });
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Equal(ErrorCodes.InvalidToken, (await reset.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.OK, (await auth.LoginAsync(newEmail, IdentityApi.Password)).StatusCode);
    }

    [Fact]
    public async Task ChangeEmail_AskingAgain_RetiresTheEarlierLink()
    {
        var (_, cookie) = await _api.PersonAsync();
        var first = AuthApi.NewEmail();
        var second = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(cookie, first)).StatusCode);
        var firstToken = await Mailbox.LatestTokenAsync(fixture, first, ConfirmPath);

        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(cookie, second)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(firstToken)).StatusCode);
        Assert.Equal(second, (await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie))).PendingEmail);
    }

    [Fact]
    public async Task ChangeEmail_ToAnAddressInUse_Returns409EmailTaken()
    {
        var (_, cookie) = await _api.PersonAsync();
        var (other, _) = await _api.PersonAsync();

        var response = await RequestAsync(cookie, other.Email);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.EmailTaken, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Confirm_WhenSomeoneTookTheAddressMeanwhile_Returns409EmailTaken()
    {
        var (user, cookie) = await _api.PersonAsync();
        var newEmail = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(cookie, newEmail)).StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, newEmail, ConfirmPath);
        Assert.Equal(HttpStatusCode.Created, (await new AuthApi(fixture).RegisterAsync(newEmail)).StatusCode);

        var response = await ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.EmailTaken, (await response.ErrorAsync()).Code);
        Assert.Equal(user.Email, (await _api.DataAsync<ProfileDto>(await _api.GetAsync("/api/user/profile", cookie))).Email);
    }

    [Fact]
    public async Task ChangeEmail_Refusals_WrongPassword401_SameAddress400_BadAddress400_Anonymous401()
    {
        var (user, cookie) = await _api.PersonAsync();

        var wrong = await RequestAsync(cookie, AuthApi.NewEmail(), "not-my-password-1");
        var same = await RequestAsync(cookie, user.Email);
        var bad = await RequestAsync(cookie, "not-an-address");
        var anonymous = await RequestAsync(null, AuthApi.NewEmail());

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await wrong.ErrorAsync()).Code);
        Assert.Contains("newEmail", await same.FieldErrorsAsync());
        Assert.Contains("newEmail", await bad.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await anonymous.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("unknown-token")]
    [InlineData("")]
    public async Task Confirm_WithAnUnknownOrMissingToken_Returns400(string token)
    {
        var response = await ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.ErrorAsync()).Code, new[] { ErrorCodes.InvalidToken, ErrorCodes.ValidationError });
    }

    [Fact]
    public async Task Confirm_AfterTheLinkExpired_Returns400InvalidToken()
    {
        var (_, cookie) = await _api.PersonAsync();
        var newEmail = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(cookie, newEmail)).StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, newEmail, ConfirmPath);
        await using (var db = fixture.Db())
            await db.OneTimeTokens.Where(t => t.NewEmail == newEmail)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpiresAt, fixture.Clock.GetUtcNow().AddDays(-1)));

        var response = await ConfirmAsync(token);

        Assert.Equal(ErrorCodes.InvalidToken, (await response.ErrorAsync()).Code);
    }
}
