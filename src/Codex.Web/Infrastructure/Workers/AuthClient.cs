using Codex.Contracts.Auth;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>A session the Auth worker started or renewed: the token from its cookie, to set on the site's own host.</summary>
public sealed record IssuedSession(AuthSessionDto Session, string? Token);

/// <summary>The Auth worker, as the site uses it. Account forms are <see cref="CallBudget.Form"/> calls: the worker hashes a password.</summary>
public sealed class AuthClient(HttpClient http) : WorkerClient(http, Role.Auth)
{
    /// <summary><c>GET /api/auth/session</c> with the forwarded cookie; the token is set when the worker renewed it.</summary>
    public Task<IssuedSession?> GetSessionAsync(CancellationToken ct) => CallAsync(async token =>
    {
        using var response = await Request(CallBudget.Read, AuthRoutes.Session).GetAsync(cancellationToken: token);
        var body = await response.GetJsonAsync<DataEnvelope<AuthSessionDto?>>();
        return body.Data is { } session ? new IssuedSession(session, SessionToken(response)) : null;
    }, ct);

    public Task<UserDto> RegisterAsync(RegisterRequest request, CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Form, AuthRoutes.Register).PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<UserEnvelopeDto>>()).Data.User, ct);

    public Task<IssuedSession> LoginAsync(LoginRequest request, CancellationToken ct) =>
        StartSessionAsync(token => Request(CallBudget.Form, AuthRoutes.Login).PostJsonAsync(request, cancellationToken: token), ct);

    public Task<IssuedSession> VerifyEmailAsync(string token, CancellationToken ct) =>
        StartSessionAsync(t => Request(CallBudget.Form, AuthRoutes.VerifyEmail).SetQueryParam("token", token).GetAsync(cancellationToken: t), ct);

    public Task SignOutAsync(CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, AuthRoutes.SignOut).PostAsync(cancellationToken: token), ct);

    /// <param name="redirect">Where the new link leads once confirmed (a local path), or null.</param>
    public Task ResendVerificationAsync(string email, string? redirect, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, AuthRoutes.VerifyEmail)
            .PostJsonAsync(new EmailRequest(email) { Redirect = redirect }, cancellationToken: token), ct);

    public Task SendResetAsync(string email, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, AuthRoutes.SendResetPasswordEmail).PostJsonAsync(new EmailRequest(email), cancellationToken: token), ct);

    public Task ResetPasswordAsync(ResetPasswordRequest request, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, AuthRoutes.ResetPassword).PostJsonAsync(request, cancellationToken: token), ct);

    public Task<UserDto> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Form, AuthRoutes.Me).PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<UserEnvelopeDto>>()).Data.User, ct);

    public Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, AuthRoutes.ChangePassword).PostJsonAsync(request, cancellationToken: token), ct);

    private Task<IssuedSession> StartSessionAsync(Func<CancellationToken, Task<IFlurlResponse>> send, CancellationToken ct) => CallAsync(async token =>
    {
        using var response = await send(token);
        var body = await response.GetJsonAsync<DataEnvelope<AuthSessionDto>>();
        return new IssuedSession(body.Data, SessionToken(response)
            ?? throw new InvalidOperationException("The Auth worker started a session without setting its cookie."));
    }, ct);

    private static string? SessionToken(IFlurlResponse response) =>
        response.Cookies.FirstOrDefault(c => c.Name == SessionCookie.Name && !string.IsNullOrEmpty(c.Value))?.Value;
}
