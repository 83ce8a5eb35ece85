using Codex.Workers.Pipeline;

namespace Codex.Workers;

/// <summary>One worker's services and routes, from its own folder.</summary>
public sealed record WorkerDefinition(Action<IServiceCollection, IConfiguration> AddServices, Action<WebApplication> Map);

/// <summary>
/// The seed's eight workers, each a folder of this project. The shared pipeline (<see cref="WorkerApp"/>) takes a
/// worker from here and knows none of them; no worker folder knows another (see the architecture tests).
/// </summary>
public static class WorkerRegistry
{
    private static readonly Dictionary<Role, WorkerDefinition> Workers = new()
    {
        [Role.Auth] = new(Auth.AuthWorker.AddServices, Auth.AuthWorker.Map),
        [Role.ContentApi] = new(ContentApi.ContentWorker.AddServices, ContentApi.ContentWorker.Map),
        [Role.OrganizationApi] = new(OrganizationApi.OrganizationWorker.AddServices, OrganizationApi.OrganizationWorker.Map),
        [Role.EcomApi] = new(EcomApi.EcomWorker.AddServices, EcomApi.EcomWorker.Map),
        [Role.MediaApi] = new(MediaApi.MediaWorker.AddServices, MediaApi.MediaWorker.Map),
        [Role.NotificationsApi] = new(NotificationsApi.NotificationsWorker.AddServices, NotificationsApi.NotificationsWorker.Map),
        [Role.AdminApi] = new(AdminApi.AdminWorker.AddServices, AdminApi.AdminWorker.Map),
        [Role.IdentityApi] = new(IdentityApi.IdentityWorker.AddServices, IdentityApi.IdentityWorker.Map),
    };

    public static WorkerDefinition Of(Role role) => Workers[role];
}
