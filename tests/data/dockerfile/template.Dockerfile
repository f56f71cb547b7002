{% if base %}
FROM {{ base_image }}
{% endif %}
RUN pip install templated
{{ extra_steps }}
