using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>
/// Notifications and Ecom-API in the embedded default (no Stripe keys): the offline test checkout, with a webhook
/// secret the worker generated into its data folder at first start.
/// </summary>
public sealed class EcomFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.EcomApi];

    /// <summary>The secret the worker generated and kept in <c>{DataPath}/stripe-webhook-secret</c>.</summary>
    public string WebhookSecret => File.ReadAllText(Path.Combine(DataPath, "stripe-webhook-secret")).Trim();
}

[CollectionDefinition(Name)]
public sealed class EcomCollection : ICollectionFixture<EcomFixture>
{
    public const string Name = "ecom";
}
