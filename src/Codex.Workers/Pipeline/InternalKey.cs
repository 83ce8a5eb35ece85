using Codex.Contracts.Notifications;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Routes that only other parts of Codex may call (sending mail, reading the dev outbox) require the shared key
/// <c>Codex__InternalKey</c> in <c>X-Codex-Internal-Key</c>. Without a configured key they refuse everyone.
/// </summary>
public static class InternalKey
{
    public static TBuilder RequireInternalKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<CodexOptions>().InternalKey;
            var given = context.HttpContext.Request.Headers[InternalAuth.Header].ToString();
            if (!InternalAuth.Accepts(expected, given))
                throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This route is internal to Codex.");
            return await next(context);
        });
}
