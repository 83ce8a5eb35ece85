namespace Codex.Workers.Auth;

/// <summary>Auth (sessions, sign-up, sign-in, recovery): its routes arrive with issue 3.</summary>
public static class AuthWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
