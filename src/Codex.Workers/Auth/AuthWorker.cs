using Codex.Workers.NotificationsApi;
using Codex.Workers.Pipeline;

namespace Codex.Workers.Auth;

/// <summary>Auth: sign-up, email verification, sign-in and out, password recovery, sessions.</summary>
public static class AuthWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(Passwords.CreateHasher());
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<Sessions>();
        services.AddScoped<OneTimeTokens>();
        services.AddHttpClient<NotificationsClient>(http =>
        {
            http.BaseAddress = NotificationsClient.BaseAddress(config);
            http.Timeout = TimeSpan.FromSeconds(20);
        });
    }

    public static void Map(WebApplication app)
    {
        var auth = app.MapGroup("/api/auth");
        auth.MapGet("/session", Endpoints.GetSessionAsync);
        auth.MapPost("/email/register", Endpoints.RegisterAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        auth.MapPost("/email/login", Endpoints.LoginAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        auth.MapPost("/signout", Endpoints.SignOutAsync);
        auth.MapGet("/verify-email", Endpoints.VerifyEmailAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        auth.MapPost("/verify-email", Endpoints.ResendVerificationAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        auth.MapPost("/email/send-reset-password-email", Endpoints.SendResetAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        auth.MapPost("/email/reset-password", Endpoints.ResetPasswordAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        // Additions to CONTRACT.md, for the site's /account page.
        auth.MapMethods("/me", ["PATCH"], Endpoints.UpdateProfileAsync);
        auth.MapPost("/email/change-password", Endpoints.ChangePasswordAsync).RequireRateLimiting(RateLimitPolicies.Auth);
    }
}
