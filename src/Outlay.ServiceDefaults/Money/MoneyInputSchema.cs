using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Outlay.ServiceDefaults.Money;

/// <summary>Describes <see cref="MoneyInput"/> in the OpenAPI document as what clients send: a decimal string (or number).</summary>
public static class MoneyInputSchema
{
    public static IServiceCollection AddMoneyInputSchema(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options => options.AddSchemaTransformer((schema, context, _) =>
        {
            if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type) == typeof(MoneyInput))
            {
                schema.Type = JsonSchemaType.String | JsonSchemaType.Number;
                schema.Pattern = @"^-?\d+(\.\d+)?$";
                schema.Description = "A decimal amount such as \"12.34\", with at most the currency's minor-unit digits; responses always use a string.";
            }

            return Task.CompletedTask;
        }));
}
