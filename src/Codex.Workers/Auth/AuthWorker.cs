using Codex.Workers.Auth.AccountMail;
using Codex.Workers.Auth.Sweeps;
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
        services.AddSingleton<AccountMailThrottle>();
        services.AddScoped<AccountMailRequests>();
        services.AddWorkerJobs(config, Role.Auth, (q, jobs) => q.Every<AuthSweepJob>("sweep-auth", jobs.SweepInterval));
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(AuthRoutes.Session, Endpoints.GetSessionAsync);
        app.MapPost(AuthRoutes.Register, Endpoints.RegisterAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(AuthRoutes.Login, Endpoints.LoginAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(AuthRoutes.SignOut, Endpoints.SignOutAsync);
        app.MapGet(AuthRoutes.VerifyEmail, Endpoints.VerifyEmailAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(AuthRoutes.VerifyEmail, Endpoints.ResendVerificationAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(AuthRoutes.SendResetPasswordEmail, Endpoints.SendResetAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(AuthRoutes.ResetPassword, Endpoints.ResetPasswordAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        // Additions to CONTRACT.md, for the site's /account page.
        app.MapMethods(AuthRoutes.Me, ["PATCH"], Endpoints.UpdateProfileAsync);
        app.MapPost(AuthRoutes.ChangePassword, Endpoints.ChangePasswordAsync).RequireRateLimiting(RateLimitPolicies.Auth);
    }
}
