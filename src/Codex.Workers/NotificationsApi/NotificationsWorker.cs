namespace Codex.Workers.NotificationsApi;

/// <summary>Notifications-API (email templates and sending): its routes arrive with issue 3.</summary>
public static class NotificationsWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
