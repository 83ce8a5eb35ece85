using Codex.Contracts;
using Codex.Contracts.Auth;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>A session the Auth worker started or renewed: the token from its cookie, to set on the site's own host.</summary>
public sealed record IssuedSession(AuthSessionDto Session, string? Token);

/// <summary>The Auth worker, as the site uses it.</summary>
public sealed class AuthClient(HttpClient http, IHttpClientFactory factory) : WorkerClient(http, "auth")
{
    /// <summary>The named client of account-form calls (a longer time budget: password hashing).</summary>
    public const string FormsClientName = "auth-forms";

    private readonly IFlurlClient _forms = Configure(new FlurlClient(factory.CreateClient(FormsClientName)));

    /// <summary><c>GET /api/auth/session</c> with the forwarded cookie; the token is set when the worker renewed it.</summary>
    public Task<IssuedSession?> GetSessionAsync(CancellationToken ct) => CallAsync(async token =>
    {
        using var response = await Flurl.Request("api", "auth", "session").GetAsync(cancellationToken: token);
        var body = await response.GetJsonAsync<DataEnvelope<AuthSessionDto?>>();
        return body.Data is { } session ? new IssuedSession(session, SessionToken(response)) : null;
    }, ct);

    public Task<UserDto> RegisterAsync(RegisterRequest request, CancellationToken ct) => CallAsync(async token =>
        (await _forms.Request("api", "auth", "email", "register").PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<UserEnvelopeDto>>()).Data.User, ct);

    public Task<IssuedSession> LoginAsync(LoginRequest request, CancellationToken ct) =>
        StartSessionAsync(token => _forms.Request("api", "auth", "email", "login").PostJsonAsync(request, cancellationToken: token), ct);

    public Task<IssuedSession> VerifyEmailAsync(string token, CancellationToken ct) =>
        StartSessionAsync(t => _forms.Request("api", "auth", "verify-email").SetQueryParam("token", token).GetAsync(cancellationToken: t), ct);

    public Task SignOutAsync(CancellationToken ct) =>
        CallAsync(async token => await _forms.Request("api", "auth", "signout").PostAsync(cancellationToken: token), ct);

    public Task ResendVerificationAsync(string email, CancellationToken ct) =>
        CallAsync(async token => await _forms.Request("api", "auth", "verify-email").PostJsonAsync(new EmailRequest(email), cancellationToken: token), ct);

    public Task SendResetAsync(string email, CancellationToken ct) =>
        CallAsync(async token => await _forms.Request("api", "auth", "email", "send-reset-password-email")
            .PostJsonAsync(new EmailRequest(email), cancellationToken: token), ct);

    public Task ResetPasswordAsync(ResetPasswordRequest request, CancellationToken ct) =>
        CallAsync(async token => await _forms.Request("api", "auth", "email", "reset-password").PostJsonAsync(request, cancellationToken: token), ct);

    public Task<UserDto> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken ct) => CallAsync(async token =>
        (await _forms.Request("api", "auth", "me").PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<UserEnvelopeDto>>()).Data.User, ct);

    public Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct) =>
        CallAsync(async token => await _forms.Request("api", "auth", "email", "change-password").PostJsonAsync(request, cancellationToken: token), ct);

    private Task<IssuedSession> StartSessionAsync(Func<CancellationToken, Task<IFlurlResponse>> send, CancellationToken ct) => CallAsync(async token =>
    {
        using var response = await send(token);
        var body = await response.GetJsonAsync<DataEnvelope<AuthSessionDto>>();
        return new IssuedSession(body.Data, SessionToken(response)
            ?? throw new InvalidOperationException("The Auth worker started a session without setting its cookie."));
    }, ct);

    private static string? SessionToken(IFlurlResponse response) =>
        response.Cookies.FirstOrDefault(c => c.Name == SiteCookies.SessionCookie && !string.IsNullOrEmpty(c.Value))?.Value;
}
